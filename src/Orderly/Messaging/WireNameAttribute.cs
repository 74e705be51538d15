namespace Orderly.Messaging;

/// <summary>
/// The stable name a message travels under (<c>"orders.order_placed"</c>). Stored in the outbox and,
/// in scale-out, used as the routing key; never derived from the CLR type name, so types can move.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WireNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public static string Of(Type type) =>
        type.GetCustomAttributes(typeof(WireNameAttribute), false) is [WireNameAttribute attribute, ..]
            ? attribute.Name
            : throw new InvalidOperationException($"{type.Name} has no [WireName]; every message needs a stable wire name.");
}
