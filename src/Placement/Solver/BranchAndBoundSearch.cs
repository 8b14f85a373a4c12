namespace Reference.Placement.Solver;

/// <summary>
/// Exact minimisation of monthly cost over one arrangement per workload, by depth-first branch and
/// bound.
/// <para>
/// Cost = Σ unary(arrangement) + Σ over call edges pair(arrangement, arrangement), all terms ≥ 0;
/// capacity is a constraint shared by all workloads, kept in a <see cref="CapacityLedger"/>.
/// Workloads are decided in <see cref="SearchOrder"/> (most constrained first, then neighbours of
/// decided ones).
/// </para>
/// <para>
/// Lower bound at a node, the larger of two admissible bounds:
/// (1) cost so far + Σ over open workloads v of the least, over v's arrangements a that fit the
/// remaining capacity, of <c>minU(v) + share·excess(v,a) + Σ pair(a, decided neighbours) + later(v,a)</c>
/// − λ·(capacity left), where U = unary + λ·(capacity held) with Lagrangian capacity prices λ ≥ 0
/// fitted at the root by subgradient ascent, and <c>excess = U − minU</c>. Each call edge is charged
/// to its earlier end, whose <c>later(v,a)</c> sums over later neighbours w the least of
/// <c>pair(a,b) + excess(w,b)/(earlier neighbours of w)</c>: a neighbour's excess is split between
/// the edges that reach it until they are decided, then returns to it, so each part counts once.
/// (2) The same Lagrangian bound without the split, with λ re-fitted to this node's remaining
/// capacity by a few subgradient steps warm-started from the parent's λ: deep in the tree the
/// root's prices no longer match the contention, and re-fitting restores an LP-strength bound.
/// Since a feasible completion holds at most the capacity left, minima of sums are at most sums
/// of minima and capacity only shrinks down the tree, neither bound overestimates: pruning a node
/// whose bound reaches the incumbent cannot lose the optimum. Integer micro-dollars, floored
/// prices and a micro-dollar of slack per workload keep floating point from overestimating.
/// </para>
/// <para>
/// Speed: bound (1) is updated incrementally (only neighbours of the workload just decided and
/// workloads whose cheapest arrangement stopped fitting are recomputed); children are tried in
/// order of their bound; the incumbent starts from a greedy dive improved by single-workload
/// moves. Ties: a node is pruned when its bound equals the incumbent, so among equal-cost plans
/// the first found stays; every order involved breaks ties by arrangement key (cluster names), so
/// the result is the same on every run and machine.
/// </para>
/// </summary>
internal sealed class BranchAndBoundSearch
{
    private const long Infeasible = long.MaxValue;

    private readonly PlacementModel _model;
    private readonly int[] _order;
    private readonly int[] _position;
    private readonly long[] _minUnary;
    private readonly long[][] _excess;
    private readonly long[] _denominator;
    private readonly bool[] _hasEarlier;
    private readonly int[] _assignedEarlier;
    private readonly long[][] _later;
    private readonly long[][] _penalty;
    private long _capacityCharge;
    private long[][] _plainLater = [];
    private double[][] _lambdaAt = [];
    private double[] _capacityLeft = [];
    private double[] _capacityUsed = [];
    private long[][] _nodeBase = [];
    private readonly int[] _chosen;
    private readonly CapacityLedger _ledger;
    private readonly long _maxWork;
    private readonly bool _stopAtFirst;
    private readonly long[][] _terms;
    private readonly int[][] _argmins;
    private readonly long[][] _keys;
    private readonly long[][] _increments;
    private readonly int[][] _children;
    private readonly ByKey[] _comparers;
    private readonly bool[] _touched;

    private int[]? _best;
    private long _bestCost = Infeasible;
    private long _nodes;
    private long _work;
    private bool _exhausted;

    /// <param name="model">The problem.</param>
    /// <param name="workloads">The workloads to place (all, or a subset when looking for a conflict).</param>
    /// <param name="maxWork">Search budget in arrangement evaluations (proportional to time, but the same on every machine); past it the best plan so far is returned, marked incomplete.</param>
    /// <param name="stopAtFirst">Stop at the first feasible plan (feasibility checks).</param>
    public BranchAndBoundSearch(PlacementModel model, IEnumerable<int> workloads, long maxWork, bool stopAtFirst = false)
    {
        _model = model;
        _maxWork = maxWork;
        _stopAtFirst = stopAtFirst;
        _order = SearchOrder.Of(model, workloads);
        var count = model.Workloads.Length;
        _position = Enumerable.Repeat(-1, count).ToArray();
        for (var p = 0; p < _order.Length; p++)
        {
            _position[_order[p]] = p;
        }

        _chosen = Enumerable.Repeat(-1, count).ToArray();
        _ledger = model.NewLedger();
        _touched = new bool[count];
        _assignedEarlier = new int[count];
        _minUnary = new long[count];
        _excess = new long[count][];
        _denominator = new long[count];
        _hasEarlier = new bool[count];
        _later = new long[count][];
        foreach (var w in _order)
        {
            // Until capacity is priced, the bound shares no excess: later() is the plain least pair cost.
            _excess[w] = new long[model.Workloads[w].Candidates.Length];
            var earlier = model.Adjacency[w].Count(a => IsEarlier(a.Other, w));
            _hasEarlier[w] = earlier > 0;
            _denominator[w] = Math.Max(1, earlier);
        }

        foreach (var w in _order)
        {
            _later[w] = LaterBound(w);
        }

        _penalty = new long[count][];
        foreach (var w in _order)
        {
            _penalty[w] = new long[model.Workloads[w].Candidates.Length];
        }

        _terms = new long[_order.Length + 1][];
        _argmins = new int[_order.Length + 1][];
        _keys = new long[_order.Length][];
        _increments = new long[_order.Length][];
        _children = new int[_order.Length][];
        _comparers = new ByKey[_order.Length];
        for (var p = 0; p <= _order.Length; p++)
        {
            _terms[p] = new long[_order.Length];
            _argmins[p] = new int[_order.Length];
        }

        for (var p = 0; p < _order.Length; p++)
        {
            var candidates = model.Workloads[_order[p]].Candidates.Length;
            _keys[p] = new long[candidates];
            _increments[p] = new long[candidates];
            _children[p] = new int[candidates];
            _comparers[p] = new ByKey(_keys[p]);
        }
    }

    public long RootBound { get; private set; }

    public SearchResult Run()
    {
        if (_order.Any(u => _model.Workloads[u].Candidates.Length == 0))
        {
            return new SearchResult(null, Infeasible, 0, true, Infeasible);
        }

        // A first plan without capacity prices gives the price search a target; a second one with
        // the prices often finds a better first plan when cheap clusters are contended.
        TryIncumbent();
        if (_stopAtFirst && _best is not null)
        {
            return new SearchResult(_best, _bestCost, 0, true, 0);
        }

        PriceCapacity(_best is null ? null : _bestCost);
        TryIncumbent();
        if (_stopAtFirst && _best is not null)
        {
            return new SearchResult(_best, _bestCost, 0, true, 0);
        }

        _plainLater = _order.Length == 0 ? [] : _later.Select(l => l is null ? [] : (long[])l.Clone()).ToArray();
        ShareExcess();
        for (var p = 0; p < _order.Length; p++)
        {
            Recompute(0, p);
        }

        RootBound = _terms[0].Sum() - _capacityCharge;

        Descend(0, 0);
        var lowerBound = !_exhausted ? _bestCost : Math.Max(0, Math.Min(RootBound, _bestCost));
        return new SearchResult(_best, _bestCost, _nodes, !_exhausted, lowerBound);
    }

    private void Descend(int depth, long costSoFar)
    {
        _nodes++;
        if (_work > _maxWork)
        {
            _exhausted = true;
            return;
        }

        if (depth == _order.Length)
        {
            if (costSoFar < _bestCost)
            {
                _bestCost = costSoFar;
                _best = (int[])_chosen.Clone();
            }

            return;
        }

        var terms = _terms[depth];
        long rest = 0;
        for (var p = depth + 1; p < _order.Length; p++)
        {
            if (terms[p] == Infeasible)
            {
                return;
            }

            rest += terms[p];
        }

        rest -= _capacityCharge;
        if (terms[depth] == Infeasible || costSoFar + terms[depth] + rest >= _bestCost)
        {
            return;
        }

        if (_lambdaAt.Length > 0 && _bestCost != Infeasible && Repriced(depth, costSoFar) >= _bestCost)
        {
            return;
        }

        var u = _order[depth];
        var candidates = _model.Workloads[u].Candidates;
        var keys = _keys[depth];
        var increments = _increments[depth];
        var children = _children[depth];
        var count = 0;
        _work += candidates.Length;
        for (var o = 0; o < candidates.Length; o++)
        {
            if (!_ledger.Fits(candidates[o]))
            {
                continue;
            }

            var increment = candidates[o].UnaryCost + DecidedPairs(u, o, depth);
            var key = increment + _later[u][o] + _penalty[u][o];
            if (costSoFar + key + rest >= _bestCost)
            {
                continue;
            }

            keys[o] = key;
            increments[o] = increment;
            children[count++] = o;
        }

        Array.Sort(children, 0, count, _comparers[depth]);
        for (var i = 0; i < count; i++)
        {
            var o = children[i];
            if (costSoFar + keys[o] + rest >= _bestCost)
            {
                break;
            }

            Decide(u, o);
            if (PrepareChild(depth, u))
            {
                Descend(depth + 1, costSoFar + increments[o]);
            }

            Undecide(u, o);
            if (_exhausted || (_stopAtFirst && _best is not null))
            {
                return;
            }
        }
    }

    private void Decide(int u, int o)
    {
        _ledger.Take(_model.Workloads[u].Candidates[o]);
        _capacityCharge -= _penalty[u][o];
        _chosen[u] = o;
        foreach (var (_, other, _) in _model.Adjacency[u])
        {
            if (_position[other] > _position[u])
            {
                _assignedEarlier[other]++;
            }
        }
    }

    private void Undecide(int u, int o)
    {
        foreach (var (_, other, _) in _model.Adjacency[u])
        {
            if (_position[other] > _position[u])
            {
                _assignedEarlier[other]--;
            }
        }

        _chosen[u] = -1;
        _capacityCharge += _penalty[u][o];
        _ledger.Release(_model.Workloads[u].Candidates[o]);
    }

    /// <summary>Carries the bound terms down one level, recomputing only those the decision can have changed.</summary>
    private bool PrepareChild(int depth, int u)
    {
        var parentTerms = _terms[depth];
        var parentArgmins = _argmins[depth];
        var terms = _terms[depth + 1];
        var argmins = _argmins[depth + 1];
        foreach (var (_, other, _) in _model.Adjacency[u])
        {
            _touched[other] = true;
        }

        var feasible = true;
        for (var p = depth + 1; p < _order.Length; p++)
        {
            var v = _order[p];
            if (_touched[v] || (parentArgmins[p] >= 0 && !_ledger.Fits(_model.Workloads[v].Candidates[parentArgmins[p]])))
            {
                Recompute(depth + 1, p);
            }
            else
            {
                terms[p] = parentTerms[p];
                argmins[p] = parentArgmins[p];
            }

            feasible &= terms[p] != Infeasible;
        }

        foreach (var (_, other, _) in _model.Adjacency[u])
        {
            _touched[other] = false;
        }

        return feasible;
    }

    /// <summary>The least the workload at position <paramref name="p"/> can still add, given what is decided above <paramref name="depth"/>.</summary>
    private void Recompute(int depth, int p)
    {
        var v = _order[p];
        var candidates = _model.Workloads[v].Candidates;
        var adjacency = _model.Adjacency[v];
        var later = _later[v];
        var excess = _excess[v];
        // With earlier neighbours, v's excess is theirs until they are decided, then comes back to v.
        var denominator = _denominator[v];
        var share = _hasEarlier[v] ? _assignedEarlier[v] : 1L;
        var best = Infeasible;
        var argmin = -1;
        _work += candidates.Length;
        for (var o = 0; o < candidates.Length; o++)
        {
            var term = _minUnary[v] + excess[o] * share / denominator + later[o];
            if (term >= best || !_ledger.Fits(candidates[o]))
            {
                continue;
            }

            foreach (var (edge, other, isFirst) in adjacency)
            {
                var q = _position[other];
                if (q >= 0 && q < depth)
                {
                    term += isFirst ? edge.Cost(o, _chosen[other]) : edge.Cost(_chosen[other], o);
                    if (term >= best)
                    {
                        break;
                    }
                }
            }

            if (term < best)
            {
                best = term;
                argmin = o;
            }
        }

        _terms[depth][p] = best;
        _argmins[depth][p] = argmin;
    }

    private long DecidedPairs(int u, int o, int depth)
    {
        long sum = 0;
        foreach (var (edge, other, isFirst) in _model.Adjacency[u])
        {
            var q = _position[other];
            if (q >= 0 && q < depth)
            {
                sum += isFirst ? edge.Cost(o, _chosen[other]) : edge.Cost(_chosen[other], o);
            }
        }

        return sum;
    }

    private bool IsEarlier(int other, int w) => _position[other] >= 0 && _position[other] < _position[w];

    /// <summary>
    /// Lagrangian prices on capacity, so that the bound feels contention: each arrangement is
    /// charged λ·(capacity it holds) and the bound gives back λ·(capacity left). For any λ ≥ 0
    /// this stays a lower bound (a feasible completion holds at most what is left), and choosing λ
    /// by subgradient ascent at the root makes it close to the capacity-aware optimum when many
    /// workloads want the same cheap clusters. Prices are floored and the give-back ceiled, so
    /// integer rounding cannot overestimate.
    /// </summary>
    /// <summary>
    /// Splits each workload's capacity-priced excess (unary + price − its least) between itself and
    /// the edges reaching it from earlier workloads, and recomputes later() with those shares.
    /// </summary>
    private void ShareExcess()
    {
        foreach (var w in _order)
        {
            var candidates = _model.Workloads[w].Candidates;
            var priced = candidates.Select((c, o) => c.UnaryCost + _penalty[w][o]).ToArray();
            _minUnary[w] = priced.Length == 0 ? 0 : priced.Min();
            _excess[w] = priced.Select(x => x - _minUnary[w]).ToArray();
        }

        foreach (var w in _order)
        {
            _later[w] = LaterBound(w);
        }
    }

    private const int RepriceIterations = 6;

    /// <summary>
    /// The Lagrangian bound of this node with capacity prices re-fitted to what is left, warm-started
    /// from the parent's prices (plain pair minima, no excess sharing). Deep in the tree the root's
    /// prices no longer match the contention; re-fitting recovers the subproblem's LP-strength bound.
    /// </summary>
    private long Repriced(int depth, long costSoFar)
    {
        var dimensions = _model.Dimensions;
        var lambda = _lambdaAt[depth];
        var slots = lambda.Length;
        for (var k = 0; k < slots; k++)
        {
            _capacityLeft[k] = _ledger.Remaining(k / dimensions, k % dimensions);
        }

        for (var p = depth; p < _order.Length; p++)
        {
            var v = _order[p];
            var candidates = _model.Workloads[v].Candidates;
            var bases = _nodeBase[p];
            _work += candidates.Length * (RepriceIterations + 1L);
            for (var o = 0; o < candidates.Length; o++)
            {
                bases[o] = _ledger.Fits(candidates[o]) ? candidates[o].UnaryCost + _plainLater[v][o] + DecidedPairs(v, o, depth) : Infeasible;
            }
        }

        var best = long.MinValue;
        var theta = 1.0;
        var next = depth + 1 < _lambdaAt.Length ? _lambdaAt[depth + 1] : null;
        for (var iteration = 0; iteration < RepriceIterations; iteration++)
        {
            Array.Clear(_capacityUsed);
            double bound = costSoFar;
            for (var p = depth; p < _order.Length; p++)
            {
                var candidates = _model.Workloads[_order[p]].Candidates;
                var bases = _nodeBase[p];
                var min = double.PositiveInfinity;
                var argmin = -1;
                for (var o = 0; o < candidates.Length; o++)
                {
                    if (bases[o] == Infeasible || bases[o] >= min)
                    {
                        continue;
                    }

                    double cost = bases[o];
                    foreach (var (cluster, dimension, amount) in candidates[o].Demands)
                    {
                        cost += lambda[cluster * dimensions + dimension] * amount;
                    }

                    if (cost < min)
                    {
                        min = cost;
                        argmin = o;
                    }
                }

                if (argmin < 0)
                {
                    return long.MaxValue;
                }

                bound += min;
                foreach (var (cluster, dimension, amount) in candidates[argmin].Demands)
                {
                    _capacityUsed[cluster * dimensions + dimension] += amount;
                }
            }

            double norm = 0;
            for (var k = 0; k < slots; k++)
            {
                bound -= lambda[k] * _capacityLeft[k];
                var gradient = _capacityUsed[k] - _capacityLeft[k];
                if (lambda[k] > 0 || gradient > 0)
                {
                    norm += gradient * gradient;
                }
            }

            var safe = (long)Math.Floor(bound) - (_order.Length - depth) - 1;
            if (safe > best)
            {
                best = safe;
                if (next is not null)
                {
                    Array.Copy(lambda, next, slots);
                }

                if (best >= _bestCost)
                {
                    break;
                }
            }
            else
            {
                theta /= 2;
            }

            if (norm == 0)
            {
                break;
            }

            var step = theta * Math.Max(_bestCost - bound, 1) / norm;
            for (var k = 0; k < slots; k++)
            {
                lambda[k] = Math.Clamp(lambda[k] + step * (_capacityUsed[k] - _capacityLeft[k]), 0, MaxCapacityPrice);
            }
        }

        return best;
    }

    private void TryIncumbent()
    {
        if (Incumbent() is { } start)
        {
            var cost = _model.TotalCost(start, _order);
            if (cost < _bestCost)
            {
                _best = start;
                _bestCost = cost;
            }
        }
    }

    // A million dollars per unit of capacity: far above any price that could change a decision.
    private const double MaxCapacityPrice = 1e12;

    private void PriceCapacity(long? knownPlanCost)
    {
        var dimensions = _model.Dimensions;
        var slots = _model.Clusters.Count * dimensions;
        var capacity = new double[slots];
        var ledger = _model.NewLedger();
        for (var k = 0; k < slots; k++)
        {
            capacity[k] = ledger.Remaining(k / dimensions, k % dimensions);
        }

        var lambda = new double[slots];
        var bestLambda = new double[slots];
        var used = new double[slots];
        var bestBound = double.NegativeInfinity;
        var upper = (double?)knownPlanCost;
        var theta = 2.0;
        var stale = 0;
        for (var iteration = 0; iteration < 200 && _order.Length > 0; iteration++)
        {
            Array.Clear(used);
            var bound = 0.0;
            foreach (var w in _order)
            {
                var candidates = _model.Workloads[w].Candidates;
                var min = double.PositiveInfinity;
                var argmin = -1;
                for (var o = 0; o < candidates.Length; o++)
                {
                    var cost = (double)(candidates[o].UnaryCost + _later[w][o]);
                    foreach (var (cluster, dimension, amount) in candidates[o].Demands)
                    {
                        cost += lambda[cluster * dimensions + dimension] * amount;
                    }

                    if (cost < min)
                    {
                        min = cost;
                        argmin = o;
                    }
                }

                if (argmin < 0)
                {
                    return;
                }

                bound += min;
                foreach (var (cluster, dimension, amount) in candidates[argmin].Demands)
                {
                    used[cluster * dimensions + dimension] += amount;
                }
            }

            double norm = 0;
            for (var k = 0; k < slots; k++)
            {
                bound -= lambda[k] * capacity[k];
                var gradient = used[k] - capacity[k];
                if (lambda[k] > 0 || gradient > 0)
                {
                    norm += gradient * gradient;
                }
            }

            if (bound > bestBound + 1)
            {
                bestBound = bound;
                Array.Copy(lambda, bestLambda, slots);
                stale = 0;
            }
            else if (++stale >= 10)
            {
                theta /= 2;
                stale = 0;
            }

            if (norm == 0)
            {
                break;
            }

            // Polyak step towards the known plan's cost, or towards a target well above the bound.
            var target = upper ?? Math.Max(1, bestBound) * 1.3;
            var step = theta * Math.Max(target - bound, 0.01 * Math.Abs(bound) + 1) / norm;
            for (var k = 0; k < slots; k++)
            {
                // Capped so that an over-subscribed relaxation (an infeasible problem) cannot overflow.
                lambda[k] = Math.Clamp(lambda[k] + step * (used[k] - capacity[k]), 0, MaxCapacityPrice);
            }
        }

        double charge = 0;
        for (var k = 0; k < slots; k++)
        {
            charge += bestLambda[k] * capacity[k];
        }

        // When the root needs no capacity price, capacity is not what makes the problem hard, and
        // re-fitting prices at every node would cost time without pruning.
        _lambdaAt = bestLambda.Any(l => l > 0) ? Enumerable.Range(0, _order.Length + 1).Select(_ => new double[slots]).ToArray() : [];
        if (_lambdaAt.Length == 0)
        {
            _capacityCharge = _order.Length;
            return;
        }

        Array.Copy(bestLambda, _lambdaAt[0], slots);
        _capacityLeft = new double[slots];
        _capacityUsed = new double[slots];
        _nodeBase = _order.Select(w => new long[_model.Workloads[w].Candidates.Length]).ToArray();

        // One micro-dollar per workload of slack covers floating-point error in the products.
        _capacityCharge = (long)Math.Ceiling(charge) + _order.Length;
        foreach (var w in _order)
        {
            var candidates = _model.Workloads[w].Candidates;
            for (var o = 0; o < candidates.Length; o++)
            {
                double price = 0;
                foreach (var (cluster, dimension, amount) in candidates[o].Demands)
                {
                    price += bestLambda[cluster * dimensions + dimension] * amount;
                }

                _penalty[w][o] = (long)Math.Floor(price);
            }
        }
    }

    /// <summary>For each arrangement of w: Σ over later neighbours of the least pair cost plus their share of excess.</summary>
    private long[] LaterBound(int w)
    {
        var candidates = _model.Workloads[w].Candidates;
        var result = new long[candidates.Length];
        foreach (var (edge, other, isFirst) in _model.Adjacency[w])
        {
            if (!IsEarlier(w, other))
            {
                continue;
            }

            var others = _model.Workloads[other].Candidates.Length;
            var otherExcess = _excess[other];
            var denominator = _denominator[other];
            for (var o = 0; o < candidates.Length; o++)
            {
                var min = long.MaxValue;
                for (var q = 0; q < others; q++)
                {
                    var cost = (isFirst ? edge.Cost(o, q) : edge.Cost(q, o)) + otherExcess[q] / denominator;
                    if (cost < min)
                    {
                        min = cost;
                    }
                }

                result[o] += others == 0 ? 0 : min;
            }
        }

        return result;
    }

    /// <summary>
    /// A first plan to prune against: a greedy dive in search order (cheapest bound key that fits),
    /// then single-workload moves while any lowers the total. Null if the dive runs out of capacity.
    /// </summary>
    private int[]? Incumbent()
    {
        var ledger = _model.NewLedger();
        var chosen = Enumerable.Repeat(-1, _model.Workloads.Length).ToArray();
        foreach (var u in _order)
        {
            var candidates = _model.Workloads[u].Candidates;
            var best = -1;
            var bestKey = long.MaxValue;
            for (var o = 0; o < candidates.Length; o++)
            {
                if (!ledger.Fits(candidates[o]))
                {
                    continue;
                }

                var key = candidates[o].UnaryCost + _later[u][o] + _penalty[u][o] + PairsWith(chosen, u, o);
                if (key < bestKey)
                {
                    bestKey = key;
                    best = o;
                }
            }

            if (best < 0)
            {
                return null;
            }

            ledger.Take(candidates[best]);
            chosen[u] = best;
        }

        var improved = true;
        while (improved)
        {
            improved = false;
            foreach (var u in _order)
            {
                var candidates = _model.Workloads[u].Candidates;
                ledger.Release(candidates[chosen[u]]);
                var current = candidates[chosen[u]].UnaryCost + PairsWith(chosen, u, chosen[u]);
                var best = chosen[u];
                for (var o = 0; o < candidates.Length; o++)
                {
                    if (o == best || !ledger.Fits(candidates[o]))
                    {
                        continue;
                    }

                    var cost = candidates[o].UnaryCost + PairsWith(chosen, u, o);
                    if (cost < current)
                    {
                        current = cost;
                        best = o;
                    }
                }

                improved |= best != chosen[u];
                chosen[u] = best;
                ledger.Take(candidates[best]);
            }
        }

        return chosen;
    }

    private long PairsWith(int[] chosen, int u, int o)
    {
        long sum = 0;
        foreach (var (edge, other, isFirst) in _model.Adjacency[u])
        {
            if (_position[other] >= 0 && chosen[other] >= 0)
            {
                sum += isFirst ? edge.Cost(o, chosen[other]) : edge.Cost(chosen[other], o);
            }
        }

        return sum;
    }

    /// <summary>Orders children by bound key, then by arrangement index (which follows cluster names).</summary>
    private sealed class ByKey(long[] keys) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byKey = keys[x].CompareTo(keys[y]);
            return byKey != 0 ? byKey : x.CompareTo(y);
        }
    }
}
