"""The command line: a thin layer that opens the project and calls the stages."""
