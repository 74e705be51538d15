using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Accounts;

public sealed record AddressInput(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country, string? Phone, bool IsDefault);

public sealed record AddressView(Guid Id, string Name, string Line1, string? Line2, string City, string PostalCode, string Country, string? Phone, bool IsDefault);

/// <summary>
/// Adds an address to the signed-in buyer's address book or changes one of theirs. The first
/// address becomes the default; making one the default takes it from the others.
/// </summary>
internal static class SaveAddress
{
    /// <summary>Most addresses a buyer keeps (a bound on what one account can store).</summary>
    public const int MaxAddresses = 20;

    public abstract record Outcome
    {
        public sealed record Saved(Guid Id) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record NotFound : Outcome;
    }

    public static List<ValidationError> Validate(AddressInput input)
    {
        var errors = new List<ValidationError>();
        Required(errors, "name", input.Name, 200);
        Required(errors, "line1", input.Line1, 200);
        Required(errors, "city", input.City, 200);
        Required(errors, "postalCode", input.PostalCode, 32);
        if (input.Line2?.Trim().Length > 200)
        {
            errors.Add(new("line2", "must be at most 200 characters."));
        }
        if (input.Phone?.Trim().Length > 32)
        {
            errors.Add(new("phone", "must be at most 32 characters."));
        }
        if (input.Country?.Trim() is not { Length: 2 } country || !country.All(char.IsAsciiLetter))
        {
            errors.Add(new("country", "must be a two-letter country code (DE, FR, US...)."));
        }
        return errors;
    }

    private static void Required(List<ValidationError> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
        {
            errors.Add(new(field, $"is required, at most {max} characters."));
        }
    }

    internal sealed class Handler(OrderlyDbContext db, TimeProvider time)
    {
        public Task<List<AddressView>> ListAsync(Guid userId, CancellationToken ct) =>
            db.Set<BuyerAddress>().AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt)
                .Select(a => new AddressView(a.Id, a.Name, a.Line1, a.Line2, a.City, a.PostalCode, a.Country, a.Phone, a.IsDefault)).ToListAsync(ct);

        /// <param name="id">null: a new address.</param>
        public async Task<Outcome> HandleAsync(Guid userId, Guid? id, AddressInput input, CancellationToken ct)
        {
            var errors = Validate(input);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            var mine = await db.Set<BuyerAddress>().Where(a => a.UserId == userId).ToListAsync(ct);
            BuyerAddress? address;
            if (id is { } existing)
            {
                address = mine.FirstOrDefault(a => a.Id == existing);
                if (address is null)
                {
                    return new Outcome.NotFound();
                }
            }
            else
            {
                if (mine.Count >= MaxAddresses)
                {
                    return new Outcome.Invalid([new("name", $"You can keep at most {MaxAddresses} addresses; delete one first.")]);
                }
                address = new BuyerAddress { Id = Guid.CreateVersion7(time.GetUtcNow()), UserId = userId, Name = "", Line1 = "", City = "", PostalCode = "", Country = "", CreatedAt = time.GetUtcNow().UtcDateTime };
                db.Set<BuyerAddress>().Add(address);
                mine.Add(address);
            }
            address.Name = input.Name!.Trim();
            address.Line1 = input.Line1!.Trim();
            address.Line2 = string.IsNullOrWhiteSpace(input.Line2) ? null : input.Line2.Trim();
            address.City = input.City!.Trim();
            address.PostalCode = input.PostalCode!.Trim();
            address.Country = input.Country!.Trim().ToUpperInvariant();
            address.Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
            if (input.IsDefault || mine.Count == 1)
            {
                mine.ForEach(a => a.IsDefault = a == address);
            }
            await db.SaveChangesAsync(ct);
            return new Outcome.Saved(address.Id);
        }
    }
}
