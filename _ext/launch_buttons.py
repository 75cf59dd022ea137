"""Sphinx extension: launch buttons (Binder, Colab) only once a repository is set.

``_config.yml`` names the Binder and Colab services once; ``repository.url`` is
the one setting that turns the buttons on. While it is empty the theme would
fail trying to split an empty repository URL, so this blanks the launch URLs.
"""


def launch_only_with_repository(app, config):
    options = config.html_theme_options
    if not options.get("repository_url"):
        launch = dict(options.get("launch_buttons", {}))
        for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
            launch[key] = ""
        options["launch_buttons"] = launch


def setup(app):
    app.connect("config-inited", launch_only_with_repository)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
