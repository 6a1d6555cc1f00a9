"""The form editor at ``beheer/``: Decap CMS configured from our models (issue 12).

``config`` builds ``beheer/config.yml`` from the models and the bouwstenen/scale data;
``fields`` maps model fields to Decap widgets; ``bundle`` gathers the files of ``beheer/``.
"""

from .bundle import BeheerFiles, beheer_files
from .config import Backend, cms_config, config_yaml

__all__ = ["BeheerFiles", "Backend", "beheer_files", "cms_config", "config_yaml"]
