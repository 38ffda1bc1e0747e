#!/usr/bin/python3
"""Writes vectors.json: sklearn 1.2 / numpy 1.24 datasets that nnkit/datasets must equal exactly.

Run with Debian's python3-numpy and python3-sklearn:
    cd nnkit/datasets/testdata && /usr/bin/python3 gen_vectors.py > vectors.json

numpy 1.24 computes float64 sin/cos with its own AVX-512 code on CPUs that have it, which
differs from the C library by up to 2 ulps; everywhere else it calls the C library. The
vectors use that portable path, so they do not depend on the CPU that made them.
"""
import os
os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
import json
import numpy as np
import sklearn.datasets as skd
from sklearn.model_selection import train_test_split


def fl(a):
    return [repr(float(v)) for v in np.ravel(a)]


def ds(X, y):
    return {"X": fl(X), "y": [int(v) for v in np.ravel(y)], "cols": int(np.shape(X)[1])}


out = {"numpy": np.__version__}

# make_moons: noise None/0.1/0.2/0.3, several sizes and seeds, shuffled and not.
moons = []
for n in (7, 200, 2000):
    for noise in (None, 0.1, 0.2, 0.3):
        for seed in ((100,) if n == 2000 else (0, 1, 100)):
            X, y = skd.make_moons(n, noise=noise, random_state=np.random.RandomState(seed))
            moons.append(dict(n=n, noise=noise or 0, seed=seed, shuffle=True, **ds(X, y)))
X, y = skd.make_moons(11, noise=0.2, shuffle=False, random_state=4)
moons.append(dict(n=11, noise=0.2, seed=4, shuffle=False, **ds(X, y)))
out["moons"] = moons

circles = []
for n, factor, noise, seed in ((200, 0.5, 0.3, 1), (101, 0.8, None, 0), (50, 0.3, 0.05, 42)):
    X, y = skd.make_circles(n, factor=factor, noise=noise, random_state=seed)
    circles.append(dict(n=n, factor=factor, noise=noise or 0, seed=seed, **ds(X, y)))
out["circles"] = circles

blobs = []
for n, centers, seed, nf in ((200, 6, 5, 2), (100, 3, 0, 2), (31, 4, 7, 3)):
    X, y = skd.make_blobs(n_samples=n, centers=centers, random_state=seed, n_features=nf)
    blobs.append(dict(n=n, centers=centers, seed=seed, features=nf, **ds(X, y)))
out["blobs"] = blobs

quantiles = []
for n, cov, k, seed in ((200, 0.5, 2, 3), (90, 1.0, 3, 0)):
    X, y = skd.make_gaussian_quantiles(cov=cov, n_samples=n, n_features=2, n_classes=k, random_state=seed)
    quantiles.append(dict(n=n, cov=cov, classes=k, seed=seed, **ds(X, y)))
out["quantiles"] = quantiles

# train_test_split after make_moons, as seed 002 does, plus a count and another seed.
splits = []
for n, ms, test, seed in ((2000, 100, 0.3, 42), (200, 0, 0.25, 0), (50, 1, 7, 3)):
    X, y = skd.make_moons(n, noise=0.2, random_state=ms)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=test, random_state=seed)
    splits.append(dict(n=n, moons_seed=ms, test=test, seed=seed, train=ds(Xtr, ytr), test_set=ds(Xte, yte)))
out["splits"] = splits


def load_planar_dataset():  # Coursera's planar_utils.py
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype='uint8')
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


X, Y = load_planar_dataset()
out["flower"] = ds(X.T, Y.T)


def spiral(N, K, seed):  # cs231n's neural-networks-case-study
    np.random.seed(seed)
    D = 2
    X = np.zeros((N * K, D))
    y = np.zeros(N * K, dtype='uint8')
    for j in range(K):
        ix = range(N * j, N * (j + 1))
        r = np.linspace(0.0, 1, N)
        t = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return X, y


out["spiral"] = [dict(n=N, k=K, seed=s, **ds(*spiral(N, K, s))) for N, K, s in ((100, 3, 0), (50, 5, 2))]

# Coursera's load_extra_datasets(), after np.random.seed(3) in place of the notebook's state.
np.random.seed(3)
N = 200
noisy_circles = skd.make_circles(n_samples=N, factor=.5, noise=.3)
noisy_moons = skd.make_moons(n_samples=N, noise=.2)
blobs_ = skd.make_blobs(n_samples=N, random_state=5, n_features=2, centers=6)
gaussian_quantiles = skd.make_gaussian_quantiles(mean=None, cov=0.5, n_samples=N, n_features=2, n_classes=2, shuffle=True, random_state=None)
out["extra_seed3"] = {"noisy_circles": ds(*noisy_circles), "noisy_moons": ds(*noisy_moons),
                      "blobs": ds(*blobs_), "gaussian_quantiles": ds(*gaussian_quantiles)}
print(json.dumps(out))
