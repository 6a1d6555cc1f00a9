"""What a pull request changes: both sides through validate -> dataset -> derive, as Markdown."""
