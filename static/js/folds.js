// The filters and totals of the public lists are folded (<details class="fold">), so that on a phone
// the first result is on the first screen. A wider screen has room for them: they open there.
// Without this script they stay folded, one click away.
"use strict";
if (window.matchMedia("(min-width: 48rem)").matches) {
  for (const fold of document.querySelectorAll("details.fold")) {
    fold.open = true;
  }
}
