"""hhz: site generator for Hechte Huisartsenzorg (regio-organisaties and the six bouwstenen)."""

__version__ = "0.1.0"
