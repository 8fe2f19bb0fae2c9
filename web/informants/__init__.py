"""The pages of informant and 360° feedback (issue 22): asking for input on the review page, the
informant's answer page in the product and through the external's personal link. Every rule is
``reviewcycle.informants``'s (services, selectors, tokens): the pages only call them."""
