"""The number of queries a test expects, counted from named parts rather than written as a bare number.

A page's count mixes its own queries with the cache's: each total remembered per version of the data
(``common.summaries``) costs what computing it costs, plus a read of the data version after it, and a
request reads the version once before the first. Naming the parts keeps the two apart.
"""

from collections.abc import Mapping, Sequence


def queries(
    *,
    reads: Sequence[str] = (),
    remembered: Mapping[str, int] | None = None,
    version_read: bool | None = None,
    login: bool = False,
) -> int:
    """reads: the queries the code runs itself, one name each ("rows", "their crafts").

    remembered: {name: queries computing it} for each value remembered per version of the data
    (``common.summaries.remembered``). The tests' cache keeps nothing (tests/conftest.py), so each is
    computed, and then the data version is read again to check no write committed meanwhile.

    version_read: the one read of the data version a GET request makes, at its first remembered value
    (``DataVersionPerRequest``). By default made when anything is remembered; True with nothing
    remembered means every value was found in a cache.

    login: an admin page reads the session and the user.
    """
    if isinstance(reads, str):
        raise TypeError("reads is a list of names: one string would count its letters")
    remembered = remembered or {}
    if version_read is None:
        version_read = bool(remembered)
    cache_checks = len(remembered)
    return 2 * login + version_read + len(reads) + sum(remembered.values()) + cache_checks
