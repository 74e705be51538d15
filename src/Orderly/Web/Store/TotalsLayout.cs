namespace Orderly.Web.Store;

/// <summary>How <c>OrderTotalsBreakdown</c> renders the same rows: a description list, or table rows for a line table's footer.</summary>
public enum TotalsLayout
{
    List,
    Table,
}
