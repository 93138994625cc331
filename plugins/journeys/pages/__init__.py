"""Layer 4, pages and views: the Markdown of every generated page and the HTML views in them."""
