"""Sphinx extension: what the one setting ``repository.url`` turns on.

``_config.yml`` names the Binder and Colab services once; ``repository.url`` is
the one setting that turns on the launch buttons and the repository button.
While it is empty the theme would fail trying to split an empty repository URL,
so this blanks the launch URLs and hides the repository button.

It also gives the "Run it yourself" page its first step, as the MyST
substitution ``{{ clone_step }}``: the ``git clone`` command for the repository,
or, while no repository is set, where to get the files instead.
"""
import posixpath


def launch_only_with_repository(app, config):
    options = config.html_theme_options
    if not options.get("repository_url"):
        launch = dict(options.get("launch_buttons", {}))
        for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
            launch[key] = ""
        options["launch_buttons"] = launch
        options["use_repository_button"] = False


def clone_step(url):
    """Markdown for the first step of run-it-yourself.md, with or without a repository URL."""
    url = (url or "").strip().rstrip("/")
    if not url:
        return (
            "Get the course's files: clone its git repository, or download the repository as a "
            "ZIP archive and unpack it, then open a terminal in its folder. This copy of the book "
            "does not name the repository's address (its `_config.yml` leaves `repository.url` "
            "empty); whoever gave you the book can tell you where it lives."
        )
    folder = posixpath.basename(url)
    folder = folder[:-4] if folder.endswith(".git") else folder
    return (
        f"Get the course's files from its repository, <{url}>:\n\n"
        f"```bash\ngit clone {url}\ncd {folder}\n```"
    )


def repository_substitutions(app, config):
    substitutions = dict(config.myst_substitutions or {})
    substitutions["clone_step"] = clone_step(config.html_theme_options.get("repository_url"))
    config.myst_substitutions = substitutions


def setup(app):
    app.connect("config-inited", launch_only_with_repository)
    app.connect("config-inited", repository_substitutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
