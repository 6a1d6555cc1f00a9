"""Reference geodata: CBS boundaries, their topology, fetching from PDOK, the TopoJSON encoder."""
