"""Passenger data analysis, without I/O: the targeting-rule language, the variables rules see, the disposition
policy, data-quality findings and PNR masking. Services in ``perimeter.services`` store and screen with these."""
