"""Pages that combine several apps (the review page, with its talks and its form); above them all."""
