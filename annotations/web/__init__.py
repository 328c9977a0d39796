"""The browser: function views by area, rendering server-side templates (HTMX swaps partials).

Every view has one shape: login → access gate → form → one service → redirect
(POST/redirect/GET), or the partial again for HTMX.
"""
