using System.Globalization;
using System.Text.Json;

namespace Reference.Learning.Trainers.Hyperparameters;

/// <summary>
/// The single declaration of an options type's hyperparameters: name, allowed range, getter and
/// setter. Parsing, validation, documentation and the artifact's record of the parameters all
/// come from it, so the ranges cannot drift apart.
/// </summary>
internal sealed class HyperparameterSchema<TOptions>(string algorithm)
    where TOptions : class
{
    private readonly List<Field> fields = [];
    private readonly List<(string Name, Func<TOptions, bool> IsValid, Func<TOptions, object> Value, string Allowed)> rules = [];

    public IReadOnlyList<HyperparameterDescription> Describe(TOptions defaults) =>
        [.. fields.Select(f => new HyperparameterDescription(f.Name, f.Allowed, f.Get(defaults)))];

    public HyperparameterSchema<TOptions> Int(string name, int min, int max, Func<TOptions, int> get, Func<TOptions, int, TOptions> set)
    {
        fields.Add(new IntField(name, min, max, get, set));
        return this;
    }

    /// <summary>A number in [min, max], or (min, max] when <paramref name="minExclusive"/>.</summary>
    public HyperparameterSchema<TOptions> Double(
        string name, double min, double max, Func<TOptions, double> get, Func<TOptions, double, TOptions> set, bool minExclusive = false)
    {
        fields.Add(new DoubleField(name, min, max, minExclusive, get, set));
        return this;
    }

    public HyperparameterSchema<TOptions> Choice<TEnum>(
        string name, IReadOnlyList<(string Name, TEnum Value)> choices, Func<TOptions, TEnum> get, Func<TOptions, TEnum, TOptions> set)
        where TEnum : struct, Enum
    {
        fields.Add(new ChoiceField<TEnum>(name, choices, get, set));
        return this;
    }

    /// <summary>A constraint beyond a field's own range (e.g. one value excluded, or a relation between two fields).</summary>
    public HyperparameterSchema<TOptions> Rule(string name, Func<TOptions, bool> isValid, Func<TOptions, object> value, string allowed)
    {
        rules.Add((name, isValid, value, allowed));
        return this;
    }

    public HyperparameterParseResult<TOptions> Parse(IReadOnlyDictionary<string, object?>? values, TOptions defaults)
    {
        var errors = new List<HyperparameterError>();
        var options = defaults;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, raw) in values ?? new Dictionary<string, object?>())
        {
            var field = fields.FirstOrDefault(f => string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                var known = string.Join(", ", fields.Select(f => f.Name));
                errors.Add(new HyperparameterError(key, Render(raw), $"one of: {known}",
                    $"'{key}' is not a hyperparameter of {algorithm}; known hyperparameters are {known}."));
                continue;
            }
            if (!seen.Add(field.Name))
            {
                errors.Add(new HyperparameterError(field.Name, Render(raw), field.Allowed, $"{field.Name} is given twice."));
                continue;
            }
            if (field.TrySet(options, raw, out var updated))
            {
                options = updated;
            }
            else
            {
                errors.Add(field.Error(Render(raw)));
            }
        }
        if (errors.Count == 0)
        {
            errors.AddRange(Validate(options));
        }
        return new HyperparameterParseResult<TOptions>(options, errors);
    }

    public IReadOnlyList<HyperparameterError> Validate(TOptions options)
    {
        var errors = new List<HyperparameterError>();
        foreach (var field in fields)
        {
            if (!field.IsValid(options))
            {
                errors.Add(field.Error(field.Render(options)));
            }
        }
        foreach (var rule in rules)
        {
            if (!rule.IsValid(options) && !errors.Any(e => e.Name == rule.Name))
            {
                var value = Convert.ToString(rule.Value(options), CultureInfo.InvariantCulture);
                errors.Add(new HyperparameterError(rule.Name, value, rule.Allowed, $"{rule.Name} must be {rule.Allowed}; got '{value}'."));
            }
        }
        return errors;
    }

    /// <summary>The options as name → value (long, double or string), in declaration order, for the model artifact.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> ToValues(TOptions options) =>
        [.. fields.Select(f => new KeyValuePair<string, object>(f.Name, f.Get(options)))];

    private static string? Render(object? raw) => raw switch
    {
        null => null,
        string s => s,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => raw.ToString(),
    };

    private abstract class Field(string name, string allowed)
    {
        public string Name { get; } = name;

        public string Allowed { get; } = allowed;

        public abstract object Get(TOptions options);

        public abstract bool TrySet(TOptions options, object? raw, out TOptions updated);

        public abstract bool IsValid(TOptions options);

        public string Render(TOptions options) => Get(options) is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : Get(options).ToString()!;

        public HyperparameterError Error(string? value) =>
            new(Name, value, Allowed, value is null
                ? $"{Name} must be {Allowed}; got null."
                : $"{Name} must be {Allowed}; got '{value}'.");
    }

    private sealed class IntField(string name, int min, int max, Func<TOptions, int> get, Func<TOptions, int, TOptions> set)
        : Field(name, $"an integer in [{min}, {max}]")
    {
        public override object Get(TOptions options) => (long)get(options);

        public override bool IsValid(TOptions options) => get(options) >= min && get(options) <= max;

        public override bool TrySet(TOptions options, object? raw, out TOptions updated)
        {
            updated = options;
            if (!TryReadNumber(raw, out var number) || number != Math.Floor(number) || number < min || number > max)
            {
                return false;
            }
            updated = set(options, (int)number);
            return true;
        }
    }

    private sealed class DoubleField(
        string name, double min, double max, bool minExclusive, Func<TOptions, double> get, Func<TOptions, double, TOptions> set)
        : Field(name, $"a number in {(minExclusive ? "(" : "[")}{Format(min)}, {Format(max)}]")
    {
        public override object Get(TOptions options) => get(options);

        public override bool IsValid(TOptions options) => InRange(get(options));

        public override bool TrySet(TOptions options, object? raw, out TOptions updated)
        {
            updated = options;
            if (!TryReadNumber(raw, out var number) || !InRange(number))
            {
                return false;
            }
            updated = set(options, number);
            return true;
        }

        private bool InRange(double value) => (minExclusive ? value > min : value >= min) && value <= max;

        private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class ChoiceField<TEnum>(
        string name, IReadOnlyList<(string Name, TEnum Value)> choices, Func<TOptions, TEnum> get, Func<TOptions, TEnum, TOptions> set)
        : Field(name, "one of: " + string.Join(", ", choices.Select(c => c.Name)))
        where TEnum : struct, Enum
    {
        public override object Get(TOptions options)
        {
            var value = get(options);
            foreach (var choice in choices)
            {
                if (EqualityComparer<TEnum>.Default.Equals(choice.Value, value))
                {
                    return choice.Name;
                }
            }
            return value.ToString();
        }

        public override bool IsValid(TOptions options) => choices.Any(c => EqualityComparer<TEnum>.Default.Equals(c.Value, get(options)));

        public override bool TrySet(TOptions options, object? raw, out TOptions updated)
        {
            updated = options;
            var text = raw switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                _ => null,
            };
            foreach (var choice in choices)
            {
                if (string.Equals(choice.Name, text, StringComparison.OrdinalIgnoreCase))
                {
                    updated = set(options, choice.Value);
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Accepts CLR numbers, numeric strings (YAML scalars often arrive as strings) and JSON numbers.</summary>
    private static bool TryReadNumber(object? raw, out double number)
    {
        switch (raw)
        {
            case double d: number = d; break;
            case float f: number = f; break;
            case int i: number = i; break;
            case long l: number = l; break;
            case short s: number = s; break;
            case decimal m: number = (double)m; break;
            case string text:
                if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return false;
                }
                break;
            case JsonElement { ValueKind: JsonValueKind.Number } e: number = e.GetDouble(); break;
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return TryReadNumber(e.GetString(), out number);
            default: number = double.NaN; return false;
        }
        return double.IsFinite(number);
    }
}
