"""Customer data in and out: the data contract, reading, validating and writing files.

The lowest layer: it imports nothing of model/, ui/ or Streamlit.

- `schema`: every column the product reads or writes, defined once (public interface)
- reading: `io` (CSV and Parquet as raw text chunks), `excel_read` and `xlsx_scan`
  (workbooks), `csv_checks`, `raw` (what every reader hands on), `dataset` (part files read
  as one), `read_ahead` (the next chunk read on another thread), `bounded_read` (an upload
  read in a child process within a budget)
- validating: `validation` (the contract's rules, every problem worded), `cells` (numbers,
  flags and blanks read as the rules read them), `customer_ids` (the ids met so far, for
  uniqueness across chunks), `clean_chunks` (the same checks on Arrow columns for chunks
  where every row is clean), `customers` (a file read and validated, shared by the upload
  page and the command line)
- writing: `export` (CSV a spreadsheet opens safely, Parquet), `excel_write`
- `records/`: a company's own records (a CRM file and help-desk logs) turned into the contract
- `synthetic`: customers whose incidents drive churn by a known law, and (`synthetic_logs`)
  the same customers as a company's files and logs; `template`, `digest`, `dask_cluster`
"""
