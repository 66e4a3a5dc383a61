"""``sitegen serve``: preview a site with live reload (see ``session.serve_site``)."""
