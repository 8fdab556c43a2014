"""Hand work: a student's or the notes' written numbers, read and judged.

`sheet` (reading typed numbers, the sheet's records), `notes_sheet` (the handwritten notes,
transcribed), `checker` (judging a sheet against the derivation, keeping its records in `ledger`),
`slips` (the hypotheses: what kind of slip a wrong number is), `kinds` (each kind of slip in the
teacher's and the student's words), `consequences` and `errata` (what each of the notes' slips does
to the step), `formula_slips`, `exercises` and `choices` (the self-check's questions), `answers` (saving them).
"""
