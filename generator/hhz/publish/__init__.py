"""Stage 6, publish: staging, the engine build, headers, precompression, the atomic swap."""
