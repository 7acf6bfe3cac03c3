"""PyTorch peer of `npm run bench:train`: the same TabTransformer shape on the same encoded rows.

Reads the rows bench/train.bench.ts wrote (categorical ids, standardised numerics, labels), builds the
architecture it names (column-token embeddings + column embedding, pre-norm encoder layers with a 4x ReLU
feed-forward, flattened tokens concatenated with the numerics into an MLP head), trains it with Adam on
weighted BCE at the same batch size for the same epochs, and prints one JSON line: train rows/s, and
predict rows/s for 4,096 rows in one call. CPU only, on the thread count given (the Node side has 2 cores).
"""
import argparse
import json
import time

import torch
from torch import nn


class TabTransformer(nn.Module):
    def __init__(self, vocab_sizes, numeric, d, layers, heads, ff, head_hidden, attn_dropout, ff_dropout, head_dropout):
        super().__init__()
        self.offsets = torch.tensor([0] + list(torch.tensor(vocab_sizes).cumsum(0)[:-1].tolist()))
        self.categories = nn.Embedding(sum(vocab_sizes), d)
        self.columns = nn.Parameter(torch.zeros(len(vocab_sizes), d).normal_(0, 0.02))
        layer = nn.TransformerEncoderLayer(d, heads, dim_feedforward=ff * d, dropout=ff_dropout, activation="relu", batch_first=True, norm_first=True)
        layer.self_attn.dropout = attn_dropout
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        widths = [len(vocab_sizes) * d + numeric] + head_hidden
        blocks = []
        for a, b in zip(widths, widths[1:]):
            blocks += [nn.Linear(a, b), nn.ReLU(), nn.Dropout(head_dropout)]
        self.head = nn.Sequential(*blocks, nn.Linear(widths[-1], 1))

    def forward(self, categorical, numeric):
        tokens = self.categories(categorical + self.offsets) + self.columns
        context = self.encoder(tokens).flatten(1)
        return self.head(torch.cat([context, numeric], 1)).squeeze(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", required=True, help="JSON written by bench/train.bench.ts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu", help="cpu, or cuda on a GPU machine (bench:train --gpu)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    device = torch.device(args.device)
    spec = json.load(open(args.rows))
    cfg = spec["config"]
    categorical = torch.tensor(spec["categorical"], dtype=torch.long, device=device)
    numeric = torch.tensor(spec["numeric"], dtype=torch.float32, device=device)
    labels = torch.tensor(spec["labels"], dtype=torch.float32, device=device)
    model = TabTransformer(
        cfg["categoricalVocabSizes"], numeric.shape[1], cfg["dModel"], cfg["numLayers"], cfg["numHeads"], cfg["ffMultiplier"],
        cfg["headHidden"], cfg["attentionDropout"], cfg["ffDropout"], cfg["headDropout"],
    ).to(device)

    def sync():
        # CUDA runs asynchronously: a clock read must wait for the queued kernels.
        if device.type == "cuda":
            torch.cuda.synchronize()
    positive = labels.mean().item()
    weight = torch.where(labels == 1, 0.5 / positive, 0.5 / (1 - positive))
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch, n = spec["batchSize"], len(labels)
    model.train()
    if device.type == "cuda":
        # One untimed step: CUDA's context, cuBLAS handles and kernel selection come with the first.
        idx = torch.arange(min(batch, n), device=device)
        nn.functional.binary_cross_entropy_with_logits(model(categorical[idx], numeric[idx]), labels[idx]).backward()
        optimiser.zero_grad()
        sync()
    seen, started = 0, time.perf_counter()
    for _ in range(spec["epochs"]):
        order = torch.randperm(n, device=device)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            optimiser.zero_grad()
            loss = nn.functional.binary_cross_entropy_with_logits(model(categorical[idx], numeric[idx]), labels[idx], weight=weight[idx])
            loss.backward()
            optimiser.step()
            seen += len(idx)
    sync()
    train_rps = seen / (time.perf_counter() - started)
    model.eval()
    with torch.no_grad():
        model(categorical[:1024], numeric[:1024])
        sync()
        t = time.perf_counter()
        model(categorical[:4096], numeric[:4096])
        sync()
        predict_rps = min(4096, n) / (time.perf_counter() - t)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "device": str(device), "trainRowsPerSecond": train_rps, "predictBatchRowsPerSecond": predict_rps}))


if __name__ == "__main__":
    main()
