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


def ruben(q: float, lam, h=None, delta=None, maxit: int = 100000, eps: float = 1e-10, mode: float = 1.0):
    """CompQuadForm's ``ruben`` (AS 204) as R's ``CompQuadForm::farebrother`` calls it: ``(Qq, ifault)``, Qq = P(Q > q)
    for positive ``lambda``, and ifault as the C code sets it -- including its error returns, which are no
    probabilities: ifault 2 (``q <= 0``; Qq 3), ``-i`` (``lambda[i]`` not positive; Qq 8), 1 (the series' leading
    coefficient underflows to 0; Qq 1), 3 (the series breaks down; Qq 4); else 4 (converged or ``maxit`` reached, the C
    code does not tell them apart), plus 5 where the probability is outside [0, 1] (Qq too) and plus 6 where the
    density is negative. The caller decides what a fault means (:func:`windoweval.survey.design.svychisq`).

    The series' terms are the C code's, in its order: ``b`` for every iteration at once (``theta`` by repeated
    multiplication, the sum over ``lambda`` in its order), and the convolution ``sum b[i-1] a[m-i-1]`` added term by
    term, each iteration's new ``a`` added to every later iteration's sum at once (numpy), so each sum is accumulated
    in the C code's order -- the same numbers to the last digit, without the C code's quadratic loop in Python.

    Examples
    --------
    >>> # R: CompQuadForm::farebrother(24.0545, c(0.032856, 0.003776, 0.025518, 1.412128, 1.611644), c(3, 1, 1, 1, 122))
    >>> # -> Qq 1, ifault 1 (the leading coefficient underflows)
    >>> ruben(24.0545, [0.032856, 0.003776, 0.025518, 1.412128, 1.611644], [3, 1, 1, 1, 122])
    (1.0, 1)
    >>> ruben(0.0, [1.0, 2.0])                           # R: farebrother(0, c(1, 2)) -> Qq 3, ifault 2
    (3.0, 2)
    """
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    nn = len(lam)
    mult = np.ones(nn, dtype=np.int64) if h is None else np.atleast_1d(np.asarray(h)).astype(np.int64)
    delta = np.zeros(nn) if delta is None else np.atleast_1d(np.asarray(delta, dtype=float))
    c = float(q)
    if nn < 1 or not c > 0 or maxit < 1 or eps <= 0.0:
        return 1.0 - (-2.0), 2
    tol = -200.0
    s = float(lam[0])
    bbeta = s
    for i in range(nn):
        hold = float(lam[i])
        if not hold > 0.0 or mult[i] < 1 or delta[i] < 0.0:
            return 1.0 - (-7.0), -(i + 1)
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
    gamma = np.empty(nn)
    for i in range(nn):
        hold = bbeta / float(lam[i])
        gamma[i] = 1.0 - hold
        s = s * hold ** int(mult[i])
        sum1 = sum1 + float(delta[i])
        k = k + int(mult[i])
    with np.errstate(divide="ignore"):
        ao = math.exp(0.5 * (float(np.log(s)) - sum1))          # C's log(0) = -inf: ao = 0, below
    if ao <= 0.0:
        return 1.0 - 0.0, 1
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
    dnsty = dans
    eps2 = eps / ao
    aoinv = 1.0 / ao
    s = aoinv - 1.0
    # b[m-1]: theta_i = gamma_i^m by repeated multiplication (cumprod), summed over i in order; made a block at a
    # time (the horizon doubles), so a series that converges early costs what its iterations need
    mlt, dl = mult.astype(float), delta

    def b_block(lo, hi, last):          # b[lo:hi] (m = lo+1 .. hi) and theta at m = hi
        with np.errstate(under="ignore"):
            th = np.cumprod(np.vstack([last, np.broadcast_to(gamma, (hi - lo, nn))]), axis=0)
            mm = np.arange(lo + 1, hi + 1, dtype=float)
            out = np.zeros(hi - lo)
            for i in range(nn):
                out = out + th[1:, i] * mlt[i] + mm * dl[i] * (th[:-1, i] - th[1:, i])
        return 0.5 * out, th[-1]

    hz = min(maxit, 1024)
    b, th_last = b_block(0, hz, np.ones(nn))
    # conv[m-1] = b[m-1] + sum_{i=m-1..1} b[i-1] a[m-i-1] (the C code's order: a[0] first), each term added as soon
    # as its a is known, to every later iteration's sum within the horizon at once
    conv = b.copy()
    a = np.zeros(hz)
    for m in range(1, maxit + 1):
        if m > hz:                                  # extend the horizon: the new sums get their terms j = 1..m-1
            new = min(maxit, 2 * hz)
            nb, th_last = b_block(hz, new, th_last)
            b = np.concatenate([b, nb])
            a = np.concatenate([a, np.zeros(new - hz)])
            ext = nb.copy()
            for j in range(1, m):                   # term j of m' = hz+1..new is b[m'-1-j] a[j-1]
                ext += b[hz - j:new - j] * a[j - 1]
            conv = np.concatenate([conv, ext])
            hz = new
        sum1 = conv[m - 1] / m
        a[m - 1] = sum1
        if m < hz:                                  # term j = m of every later sum: b[m'-1-m] a[m-1]
            conv[m:hz] += b[:hz - m] * sum1
        k = k + 2
        if lans < tol:
            lans = lans + math.log(z / k)
            dans = math.exp(lans)
        else:
            dans = dans * z / k
        pans = pans - dans
        s = s - sum1
        dnsty = dnsty + dans * sum1
        sum1 = pans * sum1
        prbty = prbty + sum1
        if prbty < -aoinv:
            return 1.0 - (-3.0), 3
        if abs(pans * s) < eps2 and abs(sum1) < eps2:
            break
    ifault = 4
    dnsty = ao * dnsty / (bbeta + bbeta)
    prbty = ao * prbty
    if prbty < 0.0 or prbty > 1.0:
        ifault = ifault + 5
    elif dnsty < 0.0:
        ifault = ifault + 6
    return float(1.0 - prbty), ifault


def farebrother(q: float, lam, h=None, delta=None, maxit: int = 100000, eps: float = 1e-10, mode: float = 1.0):
    """R's ``CompQuadForm::farebrother(q, lambda, h, delta, maxit, eps, mode)$Qq`` (Ruben's series, AS 204): ``Qq`` =
    P(Q > q) for positive ``lambda`` -- or, where :func:`ruben` reports a fault, the C code's error value (3, 8, 4:
    no probability); :func:`ruben` gives the fault too.

    Examples
    --------
    >>> round(farebrother(3.0, [1.0, 1.0]), 8)          # chi-squared on 2 df: exp(-3/2)
    0.22313016
    """
    return ruben(q, lam, h, delta, maxit, eps, mode)[0]
