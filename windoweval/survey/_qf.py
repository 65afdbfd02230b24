"""The distribution of a linear combination of chi-squared variables, as R's CompQuadForm computes it.

线性组合卡方分布的尾概率（R 的 CompQuadForm 包：Davies 积分与 Farebrother/Ruben 级数），供 ``svychisq(statistic="lincom")``。

:func:`davies` is Davies' algorithm AS 155 (1980) and :func:`farebrother` Farebrother's AS 204 (1984), ported line by
line from CompQuadForm 1.4.3 (``src/qfc.cpp``, ``src/ruben.cpp``; R's ``CompQuadForm::davies`` and
``CompQuadForm::farebrother``, which R's survey package calls in ``pFsum`` and ``pchisqsum`` with
``method = "integration"``). The same steps in the same order, so the same numbers up to the rounding of sums of
many terms (about 1e-15); the algorithms' own accuracy is their ``acc`` and ``eps``.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr

_PI = 3.14159265358979          # qfc.cpp's pi
_LOG28 = .0866


class _Limit(Exception):
    pass


def _log1(x: float, first: bool) -> float:
    """log(1 + x) if ``first``, else log(1 + x) - x; a series near 0, as qfc.cpp."""
    if abs(x) > 0.1:
        return math.log(1.0 + x) if first else (math.log(1.0 + x) - x)
    y = x / (2.0 + x)
    term = 2.0 * y ** 3
    k = 3.0
    s = (2.0 if first else -x) * y
    y = y * y
    s1 = s + term / k
    while s1 != s:
        k = k + 2.0
        term = term * y
        s = s1
        s1 = s + term / k
    return s


def _exp1(x: float) -> float:
    return 0.0 if x < -50.0 else math.exp(x)


def davies(q: float, lam, h=None, delta=None, sigma: float = 0.0, lim: int = 10000, acc: float = 1e-4):
    """R's ``CompQuadForm::davies(q, lambda, h, delta, sigma, lim, acc)``: ``(Qq, ifault)``, Qq = P(Q > q).

    Examples
    --------
    >>> # R: CompQuadForm::davies(3, c(1, 1), acc = 1e-6)$Qq -> 0.22313029792252959 (chi-squared on 2 df: exp(-3/2))
    >>> davies(3.0, [1.0, 1.0], acc=1e-6)
    (0.22313029792252959, 0)
    """
    lb = [float(v) for v in np.atleast_1d(lam)]
    r = len(lb)
    n = [1] * r if h is None else [int(v) for v in np.atleast_1d(h)]
    nc = [0.0] * r if delta is None else [float(v) for v in np.atleast_1d(delta)]
    st = {"count": 0, "sigsq": sigma * sigma, "ndtsrt": True, "fail": False, "intl": 0.0, "ersm": 0.0, "th": [0] * r}
    c = float(q)

    def counter():
        st["count"] += 1
        if st["count"] > lim:
            raise _Limit

    def order():
        th = st["th"]
        for j in range(r):
            lj = abs(lb[j])
            k = j - 1
            while k >= 0:
                if lj > abs(lb[th[k]]):
                    th[k + 1] = th[k]
                    k -= 1
                else:
                    break
            th[k + 1] = j
        st["ndtsrt"] = False

    def errbd(u):
        counter()
        xconst = u * st["sigsq"]
        sum1 = u * xconst
        u = 2.0 * u
        for j in range(r - 1, -1, -1):
            nj, lj, ncj = n[j], lb[j], nc[j]
            x = u * lj
            y = 1.0 - x
            xconst = xconst + lj * (ncj / y + nj) / y
            sum1 = sum1 + ncj * (x / y) ** 2 + nj * (x * x / y + _log1(-x, False))
        return _exp1(-0.5 * sum1), xconst

    def ctff(accx, upn):
        u2 = upn
        u1 = 0.0
        c1 = mean
        rb = 2.0 * (lmax if u2 > 0.0 else lmin)
        u = u2 / (1.0 + u2 * rb)
        e, c2 = errbd(u)
        while e > accx:
            u1 = u2
            c1 = c2
            u2 = 2.0 * u2
            u = u2 / (1.0 + u2 * rb)
            e, c2 = errbd(u)
        u = (c1 - mean) / (c2 - mean)
        while u < 0.9:
            u = (u1 + u2) / 2.0
            e, xconst = errbd(u / (1.0 + u * rb))
            if e > accx:
                u1 = u
                c1 = xconst
            else:
                u2 = u
                c2 = xconst
            u = (c1 - mean) / (c2 - mean)
        return c2, u2

    def truncation(u, tausq):
        counter()
        sum1 = 0.0
        prod2 = 0.0
        prod3 = 0.0
        s = 0
        sum2 = (st["sigsq"] + tausq) * u * u
        prod1 = 2.0 * sum2
        u = 2.0 * u
        for j in range(r):
            lj, ncj, nj = lb[j], nc[j], n[j]
            x = (u * lj) ** 2
            sum1 = sum1 + ncj * x / (1.0 + x)
            if x > 1.0:
                prod2 = prod2 + nj * math.log(x)
                prod3 = prod3 + nj * _log1(x, True)
                s = s + nj
            else:
                prod1 = prod1 + nj * _log1(x, True)
        sum1 = 0.5 * sum1
        prod2 = prod1 + prod2
        prod3 = prod1 + prod3
        x = _exp1(-sum1 - 0.25 * prod2) / _PI
        y = _exp1(-sum1 - 0.25 * prod3) / _PI
        err1 = 1.0 if s == 0 else x * 2.0 / s
        err2 = 2.5 * y if prod3 > 1.0 else 1.0
        if err2 < err1:
            err1 = err2
        x = 0.5 * sum2
        err2 = 1.0 if x <= y else y / x
        return err1 if err1 < err2 else err2

    def findu(ut, accx):
        u = ut / 4.0
        if truncation(u, 0.0) > accx:
            u = ut
            while truncation(u, 0.0) > accx:
                ut = ut * 4.0
                u = ut
        else:
            ut = u
            u = u / 4.0
            while truncation(u, 0.0) <= accx:
                ut = u
                u = u / 4.0
        for d in (2.0, 1.4, 1.2, 1.1):
            u = ut / d
            if truncation(u, 0.0) <= accx:
                ut = u
        return ut

    def integrate(nterm, interv, tausq, mainx):
        inpi = interv / _PI
        sigsq = st["sigsq"]
        for k in range(nterm, -1, -1):
            u = (k + 0.5) * interv
            sum1 = -2.0 * u * c
            sum2 = abs(sum1)
            sum3 = -0.5 * sigsq * u * u
            for j in range(r - 1, -1, -1):
                nj = n[j]
                x = 2.0 * lb[j] * u
                y = x * x
                sum3 = sum3 - 0.25 * nj * _log1(y, True)
                y = nc[j] * x / (1.0 + y)
                z = nj * math.atan(x) + y
                sum1 = sum1 + z
                sum2 = sum2 + abs(z)
                sum3 = sum3 - 0.5 * x * y
            x = inpi * _exp1(sum3) / u
            if not mainx:
                x = x * (1.0 - _exp1(-0.5 * tausq * u * u))
            sum1 = math.sin(0.5 * sum1) * x
            sum2 = 0.5 * sum2 * x
            st["intl"] = st["intl"] + sum1
            st["ersm"] = st["ersm"] + sum2

    def cfe(x):
        counter()
        if st["ndtsrt"]:
            order()
        th = st["th"]
        axl = abs(x)
        sxl = 1.0 if x > 0.0 else -1.0
        sum1 = 0.0
        for j in range(r - 1, -1, -1):
            t = th[j]
            if lb[t] * sxl > 0.0:
                lj = abs(lb[t])
                axl1 = axl - lj * (n[t] + nc[t])
                axl2 = lj / _LOG28
                if axl1 > axl2:
                    axl = axl1
                else:
                    if axl > axl2:
                        axl = axl2
                    sum1 = (axl - axl1) / lj
                    for k in range(j - 1, -1, -1):
                        sum1 = sum1 + (n[th[k]] + nc[th[k]])
                    break
        if sum1 > 100.0:
            st["fail"] = True
            return 1.0
        return 2.0 ** (sum1 / 4.0) / (_PI * axl * axl)

    ifault = 0
    qfval = -1.0
    acc1 = acc
    xlim = float(lim)
    sd = st["sigsq"]
    lmax = lmin = mean = 0.0
    for j in range(r):
        nj, lj, ncj = n[j], lb[j], nc[j]
        if nj < 0 or ncj < 0.0:
            return 1.0 - qfval, 3
        sd = sd + lj * lj * (2 * nj + 4.0 * ncj)
        mean = mean + lj * (nj + ncj)
        if lmax < lj:
            lmax = lj
        elif lmin > lj:
            lmin = lj
    try:
        if sd == 0.0:
            qfval = 1.0 if c > 0.0 else 0.0
            raise StopIteration
        if lmin == 0.0 and lmax == 0.0 and sigma == 0.0:
            ifault = 3
            raise StopIteration
        sd = math.sqrt(sd)
        almx = -lmin if lmax < -lmin else lmax
        utx = 16.0 / sd
        up = 4.5 / sd
        un = -up
        utx = findu(utx, .5 * acc1)
        if c != 0.0 and almx > 0.07 * sd:
            tausq = .25 * acc1 / cfe(c)
            if st["fail"]:
                st["fail"] = False
            elif truncation(utx, tausq) < .2 * acc1:
                st["sigsq"] = st["sigsq"] + tausq
                utx = findu(utx, .25 * acc1)
        acc1 = 0.5 * acc1
        while True:                                 # l1
            cc, up = ctff(acc1, up)
            d1 = cc - c
            if d1 < 0.0:
                qfval = 1.0
                raise StopIteration
            cc, un = ctff(acc1, un)
            d2 = c - cc
            if d2 < 0.0:
                qfval = 0.0
                raise StopIteration
            intv = 2.0 * _PI / (d1 if d1 > d2 else d2)
            xnt = utx / intv
            xntm = 3.0 / math.sqrt(acc1)
            if xnt > xntm * 1.5:
                if xntm > xlim:
                    ifault = 1
                    raise StopIteration
                ntm = int(math.floor(xntm + 0.5))
                intv1 = utx / ntm
                x = 2.0 * _PI / intv1
                if x <= abs(c):
                    break
                tausq = .33 * acc1 / (1.1 * (cfe(c - x) + cfe(c + x)))
                if st["fail"]:
                    break
                acc1 = .67 * acc1
                integrate(ntm, intv1, tausq, False)
                xlim = xlim - xntm
                st["sigsq"] = st["sigsq"] + tausq
                utx = findu(utx, .25 * acc1)
                acc1 = 0.75 * acc1
                continue
            break
        # l2: main integration
        if xnt > xlim:
            ifault = 1
            raise StopIteration
        nt = int(math.floor(xnt + 0.5))
        integrate(nt, intv, 0.0, True)
        qfval = 0.5 - st["intl"]
        up = st["ersm"]
        x = up + acc / 10.0
        for rat in (1, 2, 4, 8):
            if rat * x == rat * up:
                ifault = 2
    except StopIteration:
        pass
    except _Limit:
        ifault = 4
    return 1.0 - qfval, ifault


def farebrother(q: float, lam, h=None, delta=None, maxit: int = 100000, eps: float = 1e-10, mode: float = 1.0):
    """R's ``CompQuadForm::farebrother(q, lambda, h, delta, maxit, eps, mode)`` (Ruben's series, AS 204): ``Qq`` =
    P(Q > q) for positive ``lambda``.

    Examples
    --------
    >>> round(farebrother(3.0, [1.0, 1.0]), 8)          # chi-squared on 2 df: exp(-3/2)
    0.22313016
    """
    lam = [float(v) for v in np.atleast_1d(lam)]
    nn = len(lam)
    mult = [1] * nn if h is None else [int(v) for v in np.atleast_1d(h)]
    delta = [0.0] * nn if delta is None else [float(v) for v in np.atleast_1d(delta)]
    c = float(q)
    if nn < 1 or c <= 0 or maxit < 1 or eps <= 0.0:
        return 1.0 - (-2.0)
    tol = -200.0
    s = lam[0]
    bbeta = s
    for i in range(nn):
        hold = lam[i]
        if hold <= 0.0 or mult[i] < 1 or delta[i] < 0.0:
            return 1.0 - (-7.0)
        if bbeta > hold:
            bbeta = hold
        if s < hold:
            s = hold
    if mode > 0.0:
        bbeta = mode * bbeta
    else:
        bbeta = 2.0 / (1.0 / bbeta + 1.0 / s)
    k = 0
    s = 1.0
    sum1 = 0.0
    gamma = [0.0] * nn
    theta = [1.0] * nn
    for i in range(nn):
        hold = bbeta / lam[i]
        gamma[i] = 1.0 - hold
        s = s * hold ** mult[i]
        sum1 = sum1 + delta[i]
        k = k + mult[i]
    ao = math.exp(0.5 * (math.log(s) - sum1))
    if ao <= 0.0:
        return 1.0
    z = c / bbeta
    if k % 2 == 0:
        i = 2
        lans = -0.5 * z
        dans = math.exp(lans)
        pans = 1.0 - dans
    else:
        i = 1
        lans = -0.5 * (z + math.log(z)) - 0.22579135264473
        dans = math.exp(lans)
        pans = float(ndtr(math.sqrt(z)) - ndtr(-math.sqrt(z)))
    k = k - 2
    for j in range(i, k + 1, 2):
        if lans < tol:
            lans = lans + math.log(z / j)
            dans = math.exp(lans)
        else:
            dans = dans * z / j
        pans = pans - dans
    prbty = pans
    eps2 = eps / ao
    aoinv = 1.0 / ao
    s = aoinv - 1.0
    a = np.zeros(maxit)
    b = np.zeros(maxit)
    for m in range(1, maxit + 1):
        sum1 = 0.0
        for i in range(nn):
            hold = theta[i]
            hold2 = hold * gamma[i]
            theta[i] = hold2
            sum1 = sum1 + hold2 * mult[i] + m * delta[i] * (hold - hold2)
        sum1 = 0.5 * sum1
        b[m - 1] = sum1
        for i in range(m - 1, 0, -1):
            sum1 = sum1 + b[i - 1] * a[m - i - 1]
        sum1 = sum1 / m
        a[m - 1] = sum1
        k = k + 2
        if lans < tol:
            lans = lans + math.log(z / k)
            dans = math.exp(lans)
        else:
            dans = dans * z / k
        pans = pans - dans
        s = s - sum1
        sum1 = pans * sum1
        prbty = prbty + sum1
        if prbty < -aoinv:
            return 1.0 - (-3.0)
        if abs(pans * s) < eps2 and abs(sum1) < eps2:
            break
    prbty = ao * prbty
    return 1.0 - prbty
