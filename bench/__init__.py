"""Query counts and relative timings of the app's pages as the trust grows.

`python -m bench` (or `make bench`) seeds a throwaway database with a trust of
20 schools, then 200, requests every page in `bench.pages.PAGES` as a named
role and prints, per page, the SQL queries each request ran and its median
server time as a ratio to a trivial signed-in page measured alongside it. A
query count that grows with the number of schools is an N+1 and fails the run.

To measure a new page, add one `Page` to `PAGES`.
"""
