"""Layer 3, site primitives: page addresses, Markdown and HTML escaping, links, sanitising."""
