"""SDV GaussianCopulaSynthesizer on the same real rows: fit once, time sampling N rows.
Usage: python synthetic.bench.sdv.py <csv> <rows>. Prints one JSON line {rows, fitSeconds, sampleSeconds}."""
import json
import sys
import time

import pandas as pd
from sdv.single_table import GaussianCopulaSynthesizer

CATEGORICAL = ["SEX", "EDUCATION", "MARRIAGE", "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6", "default_payment_next_month"]

path, rows = sys.argv[1], int(sys.argv[2])
data = pd.read_csv(path)
data = data[[c for c in data.columns if c.upper() != "ID"]]
try:  # SDV ≥ 1.15 (2.x has only the multi-table detector)
    from sdv.metadata import Metadata

    metadata = Metadata.detect_from_dataframes({"credit": data})
    update = lambda column: metadata.update_column(column_name=column, sdtype="categorical", table_name="credit")
except ImportError:  # older SDV
    from sdv.metadata import SingleTableMetadata

    metadata = SingleTableMetadata()
    metadata.detect_from_dataframe(data)
    update = lambda column: metadata.update_column(column, sdtype="categorical")
for column in CATEGORICAL:
    if column in data.columns:
        update(column)
synth = GaussianCopulaSynthesizer(metadata)
t0 = time.perf_counter()
try:
    synth.fit(data)
except Exception:  # SDV 2.x wants {table name: frame}
    synth.fit({"credit": data})
fit_seconds = time.perf_counter() - t0
synth.sample(num_rows=1000)  # warm-up
t0 = time.perf_counter()
sample = synth.sample(num_rows=rows)
sample_seconds = time.perf_counter() - t0
if isinstance(sample, dict):
    sample = next(iter(sample.values()))
print(json.dumps({"rows": len(sample), "fitSeconds": fit_seconds, "sampleSeconds": sample_seconds}))
