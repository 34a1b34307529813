"""Tools for authors and maintainers that are not part of a build: prose statistics, the bench,
a loopback server, and the comparison of two builds."""
