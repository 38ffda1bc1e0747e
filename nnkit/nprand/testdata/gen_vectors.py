#!/usr/bin/python3
"""Writes vectors.json: numpy legacy RandomState streams that nprand must reproduce exactly.

Run with Debian's numpy 1.24 (apt-get install python3-numpy):
    /usr/bin/python3 nnkit/nprand/testdata/gen_vectors.py > nnkit/nprand/testdata/vectors.json
Floats are written with repr(), which round-trips float64 exactly.
"""
import json
import numpy as np

SEEDS = [0, 1, 2, 3, 42, 100, 2**32 - 1]


def floats(a):
    return [repr(float(v)) for v in np.ravel(a)]


def ints(a):
    return [int(v) for v in np.ravel(a)]


out = {"numpy": np.__version__, "seeds": []}
for s in SEEDS:
    rs = np.random.RandomState(s)
    case = {"seed": s}
    rs.seed(s); case["random_sample"] = floats(rs.random_sample(1000))
    rs.seed(s); case["rand_3x4"] = floats(rs.rand(3, 4))
    rs.seed(s); case["randn"] = floats(rs.randn(1001))  # odd count: leaves a cached value
    # the cached Gaussian must survive an interleaved uniform draw
    rs.seed(s); a = rs.randn(); b = rs.rand(); c = rs.randn(); d = rs.randn()
    case["interleaved"] = floats([a, b, c, d])
    rs.seed(s); case["uniform"] = floats(rs.uniform(-3.5, 2.25, 50))
    rs.seed(s); case["normal"] = floats(rs.normal(1.5, 0.2, 51))
    rs.seed(s); case["randint_10"] = ints(rs.randint(0, 10, 200))
    rs.seed(s); case["randint_neg"] = ints(rs.randint(-7, 13, 100))
    rs.seed(s); case["randint_big"] = ints(rs.randint(0, 2**40 + 3, 50))
    rs.seed(s); case["randint_u32"] = ints(rs.randint(0, 2**32, 20))
    rs.seed(s); case["randint_one"] = ints(rs.randint(5, 6, 3)) + ints(rs.randint(0, 3, 5))
    rs.seed(s); case["permutation_10"] = ints(rs.permutation(10))
    rs.seed(s); case["permutation_1000"] = ints(rs.permutation(1000))
    rs.seed(s); x = np.arange(37); rs.shuffle(x); case["shuffle_37"] = ints(x)
    rs.seed(s); case["choice_replace"] = ints(rs.choice(13, 40))
    rs.seed(s); case["choice_noreplace"] = ints(rs.choice(13, 7, replace=False))
    p = np.array([0.1, 0.05, 0.3, 0.0, 0.25, 0.3])
    rs.seed(s); case["choice_p"] = ints(rs.choice(6, 40, p=p))
    rs.seed(s); case["choice_p_noreplace"] = ints(rs.choice(6, 4, replace=False, p=p))
    out["seeds"].append(case)

# Published anchor: seed(0); uniform(size=5).
np.random.seed(0)
out["anchor_uniform_seed0"] = floats(np.random.uniform(size=5))
print(json.dumps(out, indent=0))
