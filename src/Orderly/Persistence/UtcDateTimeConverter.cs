using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Orderly.Persistence;

/// <summary>Marks values read from the database as UTC; rejects local times on the way in.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
