#!/usr/bin/python3
"""Writes recipes.json: the seed articles' own numpy code, run as printed, for the
notebooks' "numpy rerun" figures and the Go tests that reproduce them to 1e-9.

Run with Debian's numpy 1.24 (apt-get install python3-numpy):
    cd nnkit/testdata && /usr/bin/python3 gen_recipes.py > recipes.json
Floats use repr().

planar: seed 004's nn_model (Coursera's Planar data classification with one hidden
layer, as the article prints it) on load_planar_dataset(), with n_h = 4 and 10 000
iterations. The article's nn_model calls update_parameters(…, learning_rate = 0.5);
Coursera's assignment uses 1.2. Both are run. "cost" is the cost nn_model prints every
1 000 iterations (computed in the forward pass, before that iteration's update), and
"cost_after_1_and_100" the costs after the first and the 100th update. The sweeps give
the accuracy of nn_model(X, Y, n_h, 5000) for each hidden size, at either rate.
"""
import json
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


X, Y = load_planar_dataset()
out = {"numpy": np.__version__, "planar": {
    "X0": fl(X[:, 0]),
    "article_lr_0.5": nn_model(X, Y, 4, 10000, 0.5),
    "coursera_lr_1.2": nn_model(X, Y, 4, 10000, 1.2),
    # The hidden-size sweep: nn_model(X, Y, n_h, 5000) for n_h in 1, 2, 3, 4, 5, 20, 50.
    "sweep_lr_0.5": [nn_model(X, Y, nh, 5000, 0.5)["accuracy"] for nh in (1, 2, 3, 4, 5, 20, 50)],
    "sweep_lr_1.2": [nn_model(X, Y, nh, 5000, 1.2)["accuracy"] for nh in (1, 2, 3, 4, 5, 20, 50)],
}}
print(json.dumps(out, indent=1))
