"""Writes wl_a.json: the weights after ../shared/bench/wl_a.py's numpy loop (the same
code) after 1000 and 20000 passes, for nnbench's test that workload (a) ends on numpy's
weights.
Run with Debian's numpy 1.24 and sklearn 1.2, as wl_a.py runs: /usr/bin/python3 gen_wl_a.py

20000 passes amplify rounding: this machine's numpy (AVX-512 exp and tanh) and the same
numpy with NPY_DISABLE_CPU_FEATURES="AVX512F AVX512_SKX" end 2% apart (W1[0][0] 2.99440
against 2.93518). nnkit lands on the first, which is what wl_a.py prints here."""
import json
import numpy as np, sklearn.datasets

np.random.seed(0); X, y = sklearn.datasets.make_moons(200, noise=0.20)
N, nin, nh, nout, eps, reg = len(X), 2, 3, 2, 0.01, 0.01


def train(passes):
    np.random.seed(0)
    W1 = np.random.randn(nin, nh) / np.sqrt(nin); W2 = np.random.randn(nh, nout) / np.sqrt(nh)
    b1, b2 = np.zeros((1, nh)), np.zeros((1, nout))
    for i in range(passes):
        z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
        exp_scores = np.exp(z2); probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        delta3 = probs; delta3[range(N), y] -= 1
        dW2 = (a1.T).dot(delta3); db2 = np.sum(delta3, axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
        dW1 = np.dot(X.T, delta2); db1 = np.sum(delta2, axis=0)
        dW2 += reg * W2; dW1 += reg * W1
        W1 += -eps * dW1; b1 += -eps * db1; W2 += -eps * dW2; b2 += -eps * db2
    return {"passes": passes, "W1": W1.ravel().tolist(), "b1": b1.ravel().tolist(),
            "W2": W2.ravel().tolist(), "b2": b2.ravel().tolist()}


out = {"source": "gen_wl_a.py: ../shared/bench/wl_a.py's numpy loop, numpy " + np.__version__ +
       " with its default CPU features", "runs": [train(1000), train(20000)]}
with open("wl_a.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
