#!/usr/bin/python3
"""Writes recipes.json: the seed articles' own numpy code, run as printed, for the
notebooks' "numpy rerun" figures and the Go tests that reproduce them to 1e-9.

Run with Debian's numpy 1.24 and sklearn 1.2 (apt-get install python3-numpy python3-sklearn):
    cd nnkit/testdata && /usr/bin/python3 gen_recipes.py > recipes.json
Floats use repr().

onenet, twonet, threenet_iris, threenet_mnist: seed 003's OneNet (logic gates), TwoNet
(XOR) and ThreeNet on iris and MNIST, as the original post's code runs (the author's
zjZSTU/zjzstu.github.io, blogs/source/_posts/神经网络实现-numpy.md); softmax_iris,
softmax_mnist: the baselines of the author's softmax-regression posts it cites
(softmax回归.md, 使用softmax回归进行mnist分类.md). See the functions' comments.

The MNIST entries need the real files: MNIST_DIR (default ../../../shared/data/mnist)
holds train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or .gz. Without them the
script leaves those entries out.

planar: seed 004's nn_model (Coursera's Planar data classification with one hidden
layer, as the article prints it) on load_planar_dataset(), with n_h = 4 and 10 000
iterations. The article's nn_model calls update_parameters(…, learning_rate = 0.5);
Coursera's assignment uses 1.2. Both are run. "cost" is the cost nn_model prints every
1 000 iterations (computed in the forward pass, before that iteration's update), and
"cost_after_1_and_100" the costs after the first and the 100th update. The sweeps give
the accuracy of nn_model(X, Y, n_h, 5000) for each hidden size, at either rate.
"""
import gzip
import json
import os
import numpy as np


def fl(a):
    return [repr(float(v)) for v in np.ravel(a)]


def load_planar_dataset():
    np.random.seed(1)
    m, N, D, a = 400, 200, 2, 4
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def nn_model(X, Y, n_h, num_iterations, learning_rate):
    np.random.seed(3)
    n_x, n_y = X.shape[0], Y.shape[0]
    np.random.seed(2)  # initialize_parameters
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    m = X.shape[1]
    costs = {}
    for i in range(num_iterations):
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = sigmoid(Z2)
        logprobs = np.multiply(np.log(A2), Y) + np.multiply((1 - Y), np.log(1 - A2))
        costs[i] = float(-np.sum(logprobs) / m)
        dZ2 = A2 - Y
        dW2 = (1 / m) * np.dot(dZ2, A1.T)
        db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
        dW1 = (1 / m) * np.dot(dZ1, X.T)
        db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
    A2 = sigmoid(np.dot(W2, np.tanh(np.dot(W1, X) + b1)) + b2)
    predictions = np.round(A2)
    accuracy = float((np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)) / float(Y.size) * 100)
    return {"cost": [repr(costs[i]) for i in range(0, num_iterations, 1000)],
            "cost_after_1_and_100": [repr(costs[1]), repr(costs[100])],
            "accuracy": repr(accuracy), "W1": fl(W1), "W2": fl(W2)}


def onenet(x, y, bshape, seed, iterations=200000, lr=1e-3, reg=1e-3):
    """Seed 003's OneNet as its code runs: w (n×1) and b (bshape) drawn as 0.01·N(0, 1)
    after np.random.seed(seed) (the article does not seed; the spread over seeds is
    recorded), cross-entropy gradients averaged over the rows, and the update
    w ← w − α·(dw + λ·Σw), Σw the sum of all of w's entries. With b 1×2, numpy's
    broadcasting makes z = x·w + b 4×2, and so dw and w 2×2 from the first update on."""
    np.random.seed(seed)
    w = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(x.shape[1], 1))
    b = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=bshape)
    m = x.shape[0]
    after = {}
    for i in range(iterations):
        a = sigmoid(x.dot(w) + b)
        dz = a - y
        dw = x.T.dot(dz) / m
        db = np.sum(dz, axis=0, keepdims=True) / m
        w = w - lr * (dw + reg * np.sum(w))
        b = b - lr * db
        if i + 1 in (1, 100):
            after[i + 1] = fl(w) + fl(b)
    return {"after_1": after[1], "after_100": after[100], "w": fl(w), "b": fl(b)}


def twonet(seed, typo, iterations=10000, lr=0.1, reg=1e-3, H=6):
    """Seed 003's TwoNet on XOR: 2-6-2, ReLU and softmax, every W and b drawn as
    0.01·N(0, 1), mean cross-entropy, λ·W added to each dW; with typo, its update of the
    output bias, b2 = b2 − lr·b2, as printed, else b2 − lr·db2. "loss" is the mean
    cross-entropy with the L2 term, after the first and the 100th update."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    np.random.seed(seed)
    W1 = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(2, H))
    b1 = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(1, H))
    W2 = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(H, 2))
    b2 = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(1, 2))
    m = len(x)

    def loss():
        h = np.maximum(0, x.dot(W1) + b1)
        s = h.dot(W2) + b2
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return float(-np.mean(np.log(p[range(m), y])) + reg / 2 * (np.sum(W1 * W1) + np.sum(W2 * W2)))

    after = {}
    for i in range(iterations):
        h = np.maximum(0, x.dot(W1) + b1)
        s = h.dot(W2) + b2
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        d = p.copy()
        d[range(m), y] -= 1
        d /= m
        dW2 = h.T.dot(d) + reg * W2
        db2 = np.sum(d, axis=0, keepdims=True)
        dh = d.dot(W2.T)
        dh[h <= 0] = 0
        dW1 = x.T.dot(dh) + reg * W1
        db1 = np.sum(dh, axis=0, keepdims=True)
        W1 = W1 - lr * dW1
        b1 = b1 - lr * db1
        W2 = W2 - lr * dW2
        b2 = b2 - lr * (b2 if typo else db2)
        if i + 1 in (1, 100):
            after[i + 1] = repr(loss())
    return {"loss_after_1_and_100": [after[1], after[100]], "W1": fl(W1), "b1": fl(b1), "W2": fl(W2), "b2": fl(b2)}


def threenet_iris(seed, typo, iterations=10000, lr=5e-2, reg=1e-3):
    """Seed 003's ThreeNet on iris: train_test_split(test_size=0.2, random_state=seed) for
    its unseeded shuffle, 4-20-20-3 ReLU/ReLU/softmax, every W and b drawn as 0.01·N(0, 1)
    after np.random.seed(1000 + seed), full batch, mean cross-entropy with λ·W added to
    each dW, and with typo its update b = b − lr·b for layers 2 and 3. Every 100
    iterations (i % 100 == 99, after the update) it keeps the snapshot with the best
    training accuracy, the latest on a tie (accuracy >= bestA), and reports that
    snapshot's test accuracy."""
    import sklearn.datasets
    from sklearn.model_selection import train_test_split
    iris = sklearn.datasets.load_iris()
    Xtr, Xte, ytr, yte = train_test_split(iris.data, iris.target, test_size=0.2, random_state=seed)
    np.random.seed(1000 + seed)
    sizes = [4, 20, 20, 3]
    Ws, bs = [], []
    for a, b in zip(sizes[:-1], sizes[1:]):
        Ws.append(0.01 * np.random.normal(loc=0.0, scale=1.0, size=(a, b)))
        bs.append(0.01 * np.random.normal(loc=0.0, scale=1.0, size=(1, b)))
    m = len(Xtr)

    def forward(x):
        h1 = np.maximum(0, x.dot(Ws[0]) + bs[0])
        h2 = np.maximum(0, h1.dot(Ws[1]) + bs[1])
        s = h2.dot(Ws[2]) + bs[2]
        p = np.exp(s - s.max(axis=1, keepdims=True))
        return h1, h2, p / p.sum(axis=1, keepdims=True)

    def loss():
        p = forward(Xtr)[2]
        return float(-np.mean(np.log(p[range(m), ytr])) + reg / 2 * sum(np.sum(W * W) for W in Ws))

    def accuracy(x, y):
        return float(np.mean(np.argmax(forward(x)[2], axis=1) == y))

    after, best = {}, (-1.0, 0.0)
    for i in range(iterations):
        h1, h2, p = forward(Xtr)
        d3 = p.copy()
        d3[range(m), ytr] -= 1
        d3 /= m
        d2 = d3.dot(Ws[2].T) * (h2 > 0)
        d1 = d2.dot(Ws[1].T) * (h1 > 0)
        grads = [(Xtr.T.dot(d1) + reg * Ws[0], d1.sum(0, keepdims=True)),
                 (h1.T.dot(d2) + reg * Ws[1], d2.sum(0, keepdims=True)),
                 (h2.T.dot(d3) + reg * Ws[2], d3.sum(0, keepdims=True))]
        for l, (gW, gb) in enumerate(grads):
            Ws[l] = Ws[l] - lr * gW
            bs[l] = bs[l] - lr * (bs[l] if typo and l > 0 else gb)
        if i + 1 in (1, 100):
            after[i + 1] = repr(loss())
        if i % 100 == 99:
            acc = accuracy(Xtr, ytr)
            if acc >= best[0]:
                best = (acc, accuracy(Xte, yte))
    return {"loss_after_1_and_100": [after[1], after[100]], "best_train": repr(best[0]), "best_test": repr(best[1])}


def iris_split(seed):
    import sklearn.datasets
    from sklearn.model_selection import train_test_split
    iris = sklearn.datasets.load_iris()
    return train_test_split(iris.data, iris.target, test_size=0.2, random_state=seed)


def softmax_iris(seed, epochs=100000, batch=8, lr=2e-4, la=2e-4):
    """The softmax-regression post's iris code: W 4×3 and a scalar b, drawn as
    0.01·N(0, 1) after np.random.seed(1000 + seed); batches of 8 over
    np.arange(0, 120 − 8, 8), so the last 8 training flowers are never used; W ← W −
    lr·(mean gradient + la·W), b never updated; after each epoch's last update, the
    training accuracy, keeping the latest best snapshot (>=). Its loss is the mean
    cross-entropy on the training set plus la/2·(ΣW² + b²)."""
    Xtr, Xte, ytr, yte = iris_split(seed)
    np.random.seed(1000 + seed)
    W = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(4, 3))
    b = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=1)
    Y = np.eye(3)[ytr]

    def scores(x):
        z = x.dot(W) + b
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def loss():
        return float(-np.mean(np.log(scores(Xtr)[range(len(ytr)), ytr])) + la / 2 * (np.sum(W ** 2) + float(b[0]) ** 2))

    after, best, step = {}, (0.0, 0.0), 0
    starts = np.arange(0, len(Xtr) - batch, step=batch)
    for i in range(epochs):
        for j in starts:
            p = scores(Xtr[j:j + batch])
            W = W - lr * (-1 / len(p) * Xtr[j:j + batch].T.dot(Y[j:j + batch] - p) + la * W)
            step += 1
            if step in (1, 100):
                after[step] = repr(loss())
        acc = float(np.mean(np.argmax(scores(Xtr), axis=1) == ytr))
        if acc >= best[0]:
            best = (acc, float(np.mean(np.argmax(scores(Xte), axis=1) == yte)))
    return {"loss_after_1_and_100": [after[1], after[100]], "best_train": repr(best[0]), "best_test": repr(best[1])}


def read_idx(d, name):
    for path, opener in ((os.path.join(d, name), open), (os.path.join(d, name + ".gz"), gzip.open)):
        if os.path.exists(path):
            with opener(path, "rb") as f:
                raw = f.read()
            dims = raw[3]
            shape = [int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(dims)]
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    return None


def mnist_train():
    d = os.environ.get("MNIST_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "mnist"))
    x, y = read_idx(d, "train-images-idx3-ubyte"), read_idx(d, "train-labels-idx1-ubyte")
    if x is None or y is None:
        return None, None
    return x.reshape(len(x), 784).astype(np.float64), y.astype(np.int64)


def threenet_mnist(x, y, steps=234):
    """ThreeNet on MNIST as the post's code runs it: the training set in one shuffled
    order (np.random.seed(0); np.random.permutation(60000) here, for its unseeded
    np.random.shuffle of the file list), pixels 0–255 unscaled, 784-200-80-10 with every W
    and b drawn as 0.01·N(0, 1) after np.random.seed(1), batches of 256 over
    np.arange(0, 60000 − 256, 256), that is 234 batches and the last 96 images never used,
    lr 1e-3 with la·W added to each dW (la 1e-3), and the bias typo b ← b − lr·b in
    layers 2 and 3. Losses on the first batch (mean cross-entropy + la/2·ΣW²) after the
    first and the 100th update; after the epoch's last update, that batch's accuracy,
    as the code measures it to keep its best snapshot."""
    np.random.seed(0)
    perm = np.random.permutation(len(x))
    x, y = x[perm], y[perm]
    np.random.seed(1)
    sizes = [784, 200, 80, 10]
    Ws, bs = [], []
    for a, b in zip(sizes[:-1], sizes[1:]):
        Ws.append(0.01 * np.random.normal(loc=0.0, scale=1.0, size=(a, b)))
        bs.append(0.01 * np.random.normal(loc=0.0, scale=1.0, size=(1, b)))
    lr, la = 1e-3, 1e-3

    def forward(a0):
        z1 = a0.dot(Ws[0]) + bs[0]
        a1 = np.maximum(0, z1)
        z2 = a1.dot(Ws[1]) + bs[1]
        a2 = np.maximum(0, z2)
        z3 = a2.dot(Ws[2]) + bs[2]
        e = np.exp(z3 - z3.max(axis=1, keepdims=True))
        return z1, a1, z2, a2, e / e.sum(axis=1, keepdims=True)

    def loss(a0, labels):
        h = forward(a0)[-1]
        return float(-np.mean(np.log(h[range(len(labels)), labels])) + la / 2 * sum(np.sum(W * W) for W in Ws))

    after = {}
    starts = np.arange(0, len(x) - 256, step=256)
    for step, j in enumerate(starts[:steps], 1):
        a0, labels = x[j:j + 256], y[j:j + 256]
        z1, a1, z2, a2, h = forward(a0)
        d = h.copy()
        d[range(len(labels)), labels] -= 1
        d /= len(labels)
        dW3, db3 = a2.T.dot(d), d.sum(0, keepdims=True)
        dz2 = d.dot(Ws[2].T)
        dz2[z2 < 0] = 0
        dW2, db2 = a1.T.dot(dz2), dz2.sum(0, keepdims=True)
        dz1 = dz2.dot(Ws[1].T)
        dz1[z1 < 0] = 0
        dW1, db1 = a0.T.dot(dz1), dz1.sum(0, keepdims=True)
        grads = [dW1 + la * Ws[0], dW2 + la * Ws[1], dW3 + la * Ws[2]]
        Ws = [W - lr * g for W, g in zip(Ws, grads)]
        bs = [bs[0] - lr * db1, bs[1] - lr * bs[1], bs[2] - lr * bs[2]]
        if step in (1, 100):
            after[step] = repr(loss(x[:256], y[:256]))
    last = starts[steps - 1]
    acc = float(np.mean(np.argmax(forward(x[last:last + 256])[-1], axis=1) == y[last:last + 256]))
    return {"loss_after_1_and_100": [after[1], after[100]], "batch_acc_after_epoch_1": repr(acc), "updates": steps}


def softmax_mnist(x, y, steps=468):
    """The softmax-regression post's MNIST code: the same shuffle as threenet_mnist,
    x ← (x − μ)/255 with μ the training set's mean image, a column of ones put first,
    θ 785×10 drawn as 0.01·N(0, 1) after np.random.seed(1) (row 0 is the bias), batches
    of 128 over np.arange(0, 60000 − 128, 128), 468 of them, θ ← θ − 2e-4·(mean gradient
    + 2e-4·θ). Losses on the first batch (mean cross-entropy + la/2·Σθ²) after the first
    and the 100th update, and the training accuracy after the first epoch, by which the
    code keeps its best snapshot."""
    np.random.seed(0)
    perm = np.random.permutation(len(x))
    x, y = x[perm], y[perm]
    x = (x - np.mean(x, axis=0)) / 255
    x = np.insert(x, 0, np.ones(len(x)), axis=1)
    np.random.seed(1)
    W = 0.01 * np.random.normal(loc=0.0, scale=1.0, size=(785, 10))
    Y = np.eye(10)[y]
    lr, la = 2e-4, 2e-4

    def scores(a):
        z = a.dot(W)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def loss(a, labels):
        return float(-np.mean(np.log(scores(a)[range(len(labels)), labels])) + la / 2 * np.sum(W ** 2))

    after = {}
    starts = np.arange(0, len(x) - 128, step=128)
    for step, j in enumerate(starts[:steps], 1):
        p = scores(x[j:j + 128])
        W = W - lr * (-1 / 128 * x[j:j + 128].T.dot(Y[j:j + 128] - p) + la * W)
        if step in (1, 100):
            after[step] = repr(loss(x[:128], y[:128]))
    acc = float(np.mean(np.argmax(scores(x), axis=1) == y))
    return {"loss_after_1_and_100": [after[1], after[100]], "train_acc_after_epoch_1": repr(acc), "updates": steps}


X, Y = load_planar_dataset()
gates = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
out = {"numpy": np.__version__, "planar": {
    "X0": fl(X[:, 0]),
    "article_lr_0.5": nn_model(X, Y, 4, 10000, 0.5),
    "coursera_lr_1.2": nn_model(X, Y, 4, 10000, 1.2),
    # The hidden-size sweep: nn_model(X, Y, n_h, 5000) for n_h in 1, 2, 3, 4, 5, 20, 50.
    "sweep_lr_0.5": [nn_model(X, Y, nh, 5000, 0.5)["accuracy"] for nh in (1, 2, 3, 4, 5, 20, 50)],
    "sweep_lr_1.2": [nn_model(X, Y, nh, 5000, 1.2)["accuracy"] for nh in (1, 2, 3, 4, 5, 20, 50)],
}}
out["onenet"] = {
    "AND": onenet(gates, np.array([[0], [0], [0], [1]]), (1, 2), 0),
    "OR": onenet(gates, np.array([[0], [1], [1], [1]]), (1, 1), 0),
    "NOT": onenet(np.array([[1], [0]]), np.array([[0], [1]]), (1, 1), 0),
}
out["twonet"] = {"typo": twonet(0, True), "fixed": twonet(0, False)}
out["threenet_iris"] = {"typo": threenet_iris(0, True), "fixed": threenet_iris(0, False)}
out["softmax_iris"] = softmax_iris(0)
mx, my = mnist_train()
if mx is not None:
    out["threenet_mnist"] = threenet_mnist(mx, my)
    out["softmax_mnist"] = softmax_mnist(mx, my)
print(json.dumps(out, indent=1))
