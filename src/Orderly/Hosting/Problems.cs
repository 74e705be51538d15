using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Orderly.Hosting;

/// <summary>
/// problem+json answers that always carry a stable, machine-readable <c>code</c>
/// (e.g. <c>inventory.insufficient_stock</c>) next to the human-readable title and detail.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://orderly.dev/errors/{code}" };
        problem.Extensions["code"] = code;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult BadRequest(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, code, "The request is invalid.", detail, extensions);

    public static ProblemHttpResult NotFound(string code, string detail) =>
        Create(StatusCodes.Status404NotFound, code, "Not found.", detail);

    public static ProblemHttpResult Conflict(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, code, "The request conflicts with the current state.", detail, extensions);

    public static ProblemHttpResult Validation(IEnumerable<ValidationError> errors)
    {
        var list = errors.ToList();
        return Create(StatusCodes.Status400BadRequest, "request.invalid", "The request is invalid.",
            string.Join(" ", list.Select(e => $"{e.Field}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = list });
    }
}

/// <summary>
/// Endpoint metadata: members every problem answer of these endpoints carries, including answers
/// written before the endpoint runs (429 from the rate limiter). The reseller API uses it so a
/// refused request still tells its <c>request_id</c>.
/// </summary>
public sealed class ProblemExtensionsMetadata(Func<HttpContext, IDictionary<string, object?>> extensions)
{
    public IDictionary<string, object?> For(HttpContext context) => extensions(context);
}

/// <summary>One invalid field of a request.</summary>
public sealed record ValidationError(string Field, string Message);
