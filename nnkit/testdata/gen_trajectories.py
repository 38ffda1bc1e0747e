#!/usr/bin/python3
"""Writes trajectories.json: numpy training runs that nnkit must reproduce to 1e-9.

Run with Debian's numpy 1.24, sklearn 1.2 and torch (apt-get install python3-numpy python3-sklearn
python3-torch):
    cd nnkit/testdata && /usr/bin/python3 gen_trajectories.py > trajectories.json
Each run is the seed article's numpy code, cut to fewer iterations. Floats use repr().
"""
import json
import numpy as np
import sklearn.datasets
from sklearn.model_selection import train_test_split


def fl(a):
    return [repr(float(v)) for v in np.ravel(a)]


out = {"numpy": np.__version__}

# (a) Seed 000 (Britz): 2-3-2 tanh/softmax, summed gradients, L2 0.01, eps 0.01.
np.random.seed(0)
X, y = sklearn.datasets.make_moons(200, noise=0.20)
N, nin, nh, nout, eps, reg = len(X), 2, 3, 2, 0.01, 0.01
np.random.seed(0)
W1 = np.random.randn(nin, nh) / np.sqrt(nin); b1 = np.zeros((1, nh))
W2 = np.random.randn(nh, nout) / np.sqrt(nh); b2 = np.zeros((1, nout))
run = {"X": fl(X), "y": [int(v) for v in y], "W1_0": fl(W1), "W2_0": fl(W2), "loss": []}


def calculate_loss():
    z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
    e = np.exp(z2); probs = e / np.sum(e, axis=1, keepdims=True)
    data_loss = np.sum(-np.log(probs[range(N), y]))
    data_loss += reg / 2 * (np.sum(np.square(W1)) + np.sum(np.square(W2)))
    return 1. / N * data_loss


for i in range(1000):
    z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
    exp_scores = np.exp(z2); probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    if i == 0:  # the first step, shown cell by cell in the notebook
        run["probs_0_row0"] = fl(probs[0])
    delta3 = probs; delta3[range(N), y] -= 1
    dW2 = (a1.T).dot(delta3); db2 = np.sum(delta3, axis=0, keepdims=True)
    delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
    dW1 = np.dot(X.T, delta2); db1 = np.sum(delta2, axis=0)
    if i == 0:
        run["dW1_0"] = fl(dW1 + reg * W1); run["delta2_0_row0"] = fl(delta2[0])
    dW2 += reg * W2; dW1 += reg * W1
    W1 += -eps * dW1; b1 += -eps * db1; W2 += -eps * dW2; b2 += -eps * db2
    if i % 100 == 0:
        run["loss"].append(repr(float(calculate_loss())))
run.update(W1=fl(W1), b1=fl(b1), W2=fl(W2), b2=fl(b2))
out["seed000"] = run

# (b) Workload (b): 2-25-50-25-2 sigmoid, MSE ½Σ, per-sample SGD, lr 0.01, 3 epochs.
X, y = sklearn.datasets.make_moons(2000, noise=0.2, random_state=100)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=42)
Ytr = np.eye(2)[ytr]
sizes, lr, epochs = [2, 25, 50, 25, 2], 0.01, 3
rng = np.random.RandomState(0)
Ws = [rng.randn(a, b) / np.sqrt(a) for a, b in zip(sizes[:-1], sizes[1:])]
bs = [np.zeros(b) for b in sizes[1:]]
orders = [rng.permutation(len(Xtr)) for _ in range(epochs)]
sig = lambda z: 1.0 / (1.0 + np.exp(-z))
for ep in range(epochs):
    for i in orders[ep]:
        a = [Xtr[i]]
        for W, b in zip(Ws, bs): a.append(sig(a[-1] @ W + b))
        d = (a[-1] - Ytr[i]) * a[-1] * (1 - a[-1])
        for l in range(len(Ws) - 1, -1, -1):
            gW, gb = np.outer(a[l], d), d
            if l: d = (d @ Ws[l].T) * a[l] * (1 - a[l])
            Ws[l] -= lr * gW; bs[l] -= lr * gb
out["wl_b"] = {"Xtr": fl(Xtr), "ytr": [int(v) for v in ytr], "epochs": epochs,
               "W": [fl(W) for W in Ws], "b": [fl(b) for b in bs]}

# (c) Workload (c) in miniature: 8-16-12-3 ReLU/softmax, mean CE, batch 32 (last one
# partial), lr 0.1, He init, rng.permutation each epoch, on 100 seeded random samples.
data = np.random.RandomState(7)
Xc = data.randn(100, 8); yc = data.randint(0, 3, 100)
sizes, lr, B, epochs = [8, 16, 12, 3], 0.1, 32, 4
rng = np.random.RandomState(0)
Ws = [rng.randn(a, b) * np.sqrt(2.0 / a) for a, b in zip(sizes[:-1], sizes[1:])]
bs = [np.zeros(b) for b in sizes[1:]]
Nc = len(Xc)
for ep in range(epochs):
    perm = rng.permutation(Nc)
    for s in range(0, Nc, B):
        ix = perm[s:s + B]; x = Xc[ix]; n = len(ix)
        a1 = np.maximum(x @ Ws[0] + bs[0], 0); a2 = np.maximum(a1 @ Ws[1] + bs[1], 0)
        z3 = a2 @ Ws[2] + bs[2]; z3 -= z3.max(1, keepdims=True); p = np.exp(z3); p /= p.sum(1, keepdims=True)
        p[np.arange(n), yc[ix]] -= 1; d3 = p / n
        d2 = (d3 @ Ws[2].T) * (a2 > 0); d1 = (d2 @ Ws[1].T) * (a1 > 0)
        for l, (a, d) in enumerate(((x, d1), (a1, d2), (a2, d3))):
            gW, gb = a.T @ d, d.sum(0)
            Ws[l] -= lr * gW; bs[l] -= lr * gb
out["wl_c_mini"] = {"X": fl(Xc), "y": [int(v) for v in yc], "epochs": epochs,
                    "W": [fl(W) for W in Ws], "b": [fl(b) for b in bs]}

# Optimisers: seed 000's network and objective (summed CE + L2/2·ΣW²), 5 full-batch steps
# of torch.optim.SGD(momentum=0.9) and torch.optim.Adam, float64, from the seed(0) weights.
import torch
np.random.seed(0)
X, y = sklearn.datasets.make_moons(200, noise=0.20)
np.random.seed(0)
W1i = np.random.randn(2, 3) / np.sqrt(2); W2i = np.random.randn(3, 2) / np.sqrt(3)
for name, make in (("momentum", lambda ps: torch.optim.SGD(ps, lr=0.01, momentum=0.9)),
                   ("adam", lambda ps: torch.optim.Adam(ps, lr=0.01))):
    d = torch.float64
    P = [torch.tensor(W1i, requires_grad=True), torch.zeros(1, 3, dtype=d, requires_grad=True),
         torch.tensor(W2i, requires_grad=True), torch.zeros(1, 2, dtype=d, requires_grad=True)]
    opt = make(P)
    Xg, yl = torch.tensor(X), torch.tensor(y)
    for _ in range(5):
        z2 = torch.tanh(Xg @ P[0] + P[1]) @ P[2] + P[3]
        loss = torch.nn.functional.cross_entropy(z2, yl, reduction="sum") + 0.01 / 2 * ((P[0] ** 2).sum() + (P[2] ** 2).sum())
        opt.zero_grad(); loss.backward(); opt.step()
    out["optim_" + name] = {"W1": fl(P[0].detach().numpy()), "b1": fl(P[1].detach().numpy()),
                            "W2": fl(P[2].detach().numpy()), "b2": fl(P[3].detach().numpy())}

print(json.dumps(out))
