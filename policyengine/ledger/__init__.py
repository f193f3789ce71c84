"""The township's ledger (台账): the facts of a policy kept in a spreadsheet.

:mod:`~policyengine.ledger.layout` lays a policy's fact schema out as sheets and
columns; :mod:`~policyengine.ledger.template` writes that layout as an Excel
workbook to fill in (``policyengine template``); :mod:`~policyengine.ledger.workbook`
opens a filled workbook or a folder of CSV files defensively, and
:mod:`~policyengine.ledger.read` turns its rows into the records a facts file gives,
which :mod:`policyengine.facts` then validates like any other (``docs/ledger.md``).
"""
