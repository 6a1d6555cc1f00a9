"""The JSON Schemas of the data files and the field reference, from the models."""
