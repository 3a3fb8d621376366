using Moq;
using Telemetry.Storage;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>
/// A mock table that forwards every call to a real Azurite table, so that a test can make exactly one
/// call fail: the moment a process would die between two writes.
/// </summary>
public static class PassThroughTable
{
    public static Mock<ITableClient> Over(ITableClient real)
    {
        ArgumentNullException.ThrowIfNull(real);
        var mock = new Mock<ITableClient>(MockBehavior.Strict);
        mock.SetupGet(t => t.Name).Returns(real.Name);
        mock.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>()))
            .Returns((CancellationToken c) => real.CreateIfNotExistsAsync(c));
        mock.Setup(t => t.GetEntityIfExistsAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>?>(), It.IsAny<CancellationToken>()))
            .Returns((string p, string r, IEnumerable<string>? s, CancellationToken c) => real.GetEntityIfExistsAsync(p, r, s, c));
        mock.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .Returns((TableEntity e, CancellationToken c) => real.AddEntityAsync(e, c));
        mock.Setup(t => t.UpsertEntityAsync(It.IsAny<TableEntity>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
            .Returns((TableEntity e, TableUpdateMode m, CancellationToken c) => real.UpsertEntityAsync(e, m, c));
        mock.Setup(t => t.UpdateEntityAsync(It.IsAny<TableEntity>(), It.IsAny<string>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
            .Returns((TableEntity e, string i, TableUpdateMode m, CancellationToken c) => real.UpdateEntityAsync(e, i, m, c));
        mock.Setup(t => t.DeleteEntityAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string p, string r, string i, CancellationToken c) => real.DeleteEntityAsync(p, r, i, c));
        mock.Setup(t => t.QueryAsync(It.IsAny<string?>(), It.IsAny<IEnumerable<string>?>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()))
            .Returns((string? f, IEnumerable<string>? s, int? m, CancellationToken c) => real.QueryAsync(f, s, m, c));
        mock.Setup(t => t.SubmitTransactionAsync(It.IsAny<IReadOnlyList<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyList<TableTransactionAction> a, CancellationToken c) => real.SubmitTransactionAsync(a, c));
        return mock;
    }
}
