# Independent reference for BradleyTerryTest: the same weighted BT likelihood minimised with scipy's BFGS.
import numpy as np
from scipy.optimize import minimize
agents = ['a', 'b', 'c', 'd']
# (i, j, score_i, weight)
battles = [('a','b',1,1),('a','b',0,1),('a','b',1,1),('a','c',1,1),('a','c',0.5,1),('a','d',1,2),
           ('b','c',1,1),('b','c',0,1),('b','d',1,1),('c','d',1,1),('c','d',0,1),('d','a',1,0.5)]
idx = {a: k for k, a in enumerate(agents)}
ln = np.log(10)
def loss(r):
    total = 1e-6 / 2 * np.sum(r ** 2)
    for i, j, y, w in battles:
        x = ln * (r[idx[i]] - r[idx[j]])
        p = 1 / (1 + np.exp(-x))
        total -= w * (y * np.log(p) + (1 - y) * np.log(1 - p))
    return total
res = minimize(loss, np.zeros(4), method='BFGS', options={'gtol': 1e-10})
r = res.x - res.x.mean()
print({a: round(400 * r[idx[a]] + 1000, 6) for a in agents})
