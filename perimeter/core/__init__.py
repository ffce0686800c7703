"""Value types shared by every part of Perimeter: countries, partial dates, errors."""
