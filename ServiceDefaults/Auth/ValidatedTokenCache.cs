using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Reference.ServiceDefaults;

// Validating a bearer token (parse, HMAC or RSA signature, issuer, audience, lifetime) was the largest single piece of
// a service's per-request time, measured by bench's request-overhead scenario, and callers send the same token for
// its whole life. A token that validated is therefore remembered, by its exact text, until it expires (checked on
// every hit with the same clock skew) or for at most MaxReuse, so a signing key rotated at the identity provider stops
// old tokens within minutes. Only successes are cached; every refusal is validated afresh. Each hit gets its own copy
// of the identity, so nothing a request does to its principal reaches another request.
internal sealed class ValidatedTokenCache(TimeProvider time) : JsonWebTokenHandler
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan MaxReuse = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var entry))
        {
            if (now <= entry.ReuseUntil && SameRules(entry.Parameters, validationParameters))
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = entry.Result.ClaimsIdentity.Clone(),
                    SecurityToken = entry.Result.SecurityToken,
                    Issuer = entry.Result.Issuer,
                    TokenType = entry.Result.TokenType,
                };
            }
            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated && result.ClaimsIdentity is not null)
        {
            if (_validated.Count >= MaxEntries)
            {
                _validated.Clear(); // bounded: a flood of distinct tokens cannot grow it without limit
            }
            var expires = validated.ValidTo == DateTime.MinValue ? now + MaxReuse : validated.ValidTo + validationParameters.ClockSkew;
            // The cache keeps its own copy: the caller's identity is handed to this request and may be changed by it.
            var kept = new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = result.ClaimsIdentity.Clone(),
                SecurityToken = validated,
                Issuer = result.Issuer,
                TokenType = result.TokenType,
            };
            _validated[token] = new Entry(kept, validationParameters, expires < now + MaxReuse ? expires : now + MaxReuse);
        }
        return result;
    }

    // The handler clones its parameters for every request, so "the same rules" is compared by what decides validity:
    // issuer, audience, algorithms and the very key objects (a metadata refresh with new keys is a different rule set).
    private static bool SameRules(TokenValidationParameters cached, TokenValidationParameters current) =>
        cached.ValidIssuer == current.ValidIssuer
        && cached.ValidAudience == current.ValidAudience
        && ReferenceEquals(cached.IssuerSigningKey, current.IssuerSigningKey)
        && SameItems(cached.IssuerSigningKeys, current.IssuerSigningKeys)
        && SameItems(cached.ValidAlgorithms, current.ValidAlgorithms)
        && SameItems(cached.ValidIssuers, current.ValidIssuers)
        && SameItems(cached.ValidAudiences, current.ValidAudiences);

    private static bool SameItems<T>(IEnumerable<T>? a, IEnumerable<T>? b) where T : class =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b, ReferenceOrValueComparer<T>.Instance));

    private sealed class ReferenceOrValueComparer<T> : IEqualityComparer<T> where T : class
    {
        public static readonly ReferenceOrValueComparer<T> Instance = new();

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y) || (x is string a && y is string b && string.Equals(a, b, StringComparison.Ordinal));

        public int GetHashCode(T obj) => obj.GetHashCode();
    }

    private sealed record Entry(TokenValidationResult Result, TokenValidationParameters Parameters, DateTime ReuseUntil);
}
