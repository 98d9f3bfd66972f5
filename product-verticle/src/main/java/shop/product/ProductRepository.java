package shop.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.value.Listing;
import shop.common.value.Page;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Catalog SQL: rows or empty, never an HTTP answer. */
final class ProductRepository {

  private static final String FIND = "SELECT " + Product.COLUMNS + " FROM products WHERE id = ?";
  private static final String LIST = "SELECT " + Product.COLUMNS + " FROM products ORDER BY id LIMIT ? OFFSET ?";
  private static final String COUNT = "SELECT COUNT(*) FROM products";
  private static final String SEARCH_WHERE = " WHERE name LIKE ? ESCAPE '!' OR description LIKE ? ESCAPE '!'";
  private static final String SEARCH = "SELECT " + Product.COLUMNS + " FROM products" + SEARCH_WHERE
    + " ORDER BY id LIMIT ? OFFSET ?";
  private static final String SEARCH_COUNT = "SELECT COUNT(*) FROM products" + SEARCH_WHERE;
  private static final String INSERT =
    "INSERT INTO products (name, description, price, stock, currency, image_url) VALUES (?, ?, ?, ?, ?, ?)";
  // an image_url of '' removes the picture; null keeps it
  private static final String UPDATE = "UPDATE products SET name = COALESCE(?, name), "
    + "description = COALESCE(?, description), price = COALESCE(?, price), stock = COALESCE(?, stock), "
    + "image_url = IF(? IS NULL, image_url, NULLIF(?, '')) WHERE id = ?";
  // a change by a difference, never a value read earlier: reservations move the stock meanwhile
  private static final String ADJUST_STOCK = "UPDATE products SET stock = stock + ? WHERE id = ? "
    + "AND stock + ? BETWEEN 0 AND " + ProductInput.MAX_STOCK;
  private static final String DELETE = "DELETE FROM products WHERE id = ?";
  private static final String LOCK_SEED = "SELECT seeded_at FROM catalog_seed WHERE id = 1 FOR UPDATE";
  private static final String MARK_SEEDED = "UPDATE catalog_seed SET seeded_at = CURRENT_TIMESTAMP(3) WHERE id = 1";

  private final Vertx vertx;
  private final Pool pool;
  private final SqlClient reads;

  /** {@code reads} serves the catalog reads (pipelined); {@code pool} the writes and transactions. */
  ProductRepository(Vertx vertx, Pool pool, SqlClient reads) {
    this.vertx = vertx;
    this.pool = pool;
    this.reads = reads;
  }

  Future<Optional<Product>> find(long id) {
    return find(reads, id);
  }

  private static Future<Optional<Product>> find(SqlClient client, long id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> Database.first(rows, Product::from));
  }

  Future<Listing<Product>> list(String query, Page page) {
    Future<RowSet<Row>> rows;
    Future<RowSet<Row>> count;
    if (query == null || query.isBlank()) {
      rows = reads.preparedQuery(LIST).execute(Tuple.of(page.perPage(), page.offset()));
      count = reads.preparedQuery(COUNT).execute();
    } else {
      String like = "%" + query.trim().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
      rows = reads.preparedQuery(SEARCH).execute(Tuple.of(like, like, page.perPage(), page.offset()));
      count = reads.preparedQuery(SEARCH_COUNT).execute(Tuple.of(like, like));
    }
    return Database.listing(rows, count, Product::from);
  }

  /** The product as stored (read back on the pool: the writes' connection, so the row is there). */
  Future<Product> create(ProductInput in, String currency) {
    return pool.preparedQuery(INSERT)
      .execute(Tuple.of(in.name(), in.description(), in.price(), in.stock() == null ? 0 : in.stock(), currency,
        in.imageUrl()))
      .compose(rows -> find(pool, rows.property(MySQLClient.LAST_INSERTED_ID)))
      .map(Optional::orElseThrow);
  }

  /** The product as updated, or empty when there is none. */
  Future<Optional<Product>> update(long id, ProductInput in) {
    return pool.preparedQuery(UPDATE)
      .execute(Tuple.of(in.name(), in.description(), in.price(), in.stock(), in.imageUrl(), in.imageUrl(), id))
      .compose(rows -> find(pool, id));
  }

  /** The stock after adding {@code delta} when it stays in 0…MAX_STOCK, and whether it did; empty when there is no such product. */
  Future<Optional<StockChange>> adjustStock(long id, int delta) {
    return pool.preparedQuery(ADJUST_STOCK).execute(Tuple.of(delta, id, delta))
      .compose(rows -> find(pool, id).map(found -> found.map(p -> new StockChange(p, rows.rowCount() == 1))));
  }

  /** A product after a stock change, and whether the change was made (false: it would have left 0…MAX_STOCK). */
  record StockChange(Product product, boolean applied) {}

  /** False when there was no such product. */
  Future<Boolean> delete(long id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Seeds the catalog when it is empty; true when this call seeded it. Concurrent calls queue on one row lock. */
  Future<Boolean> seedIfEmpty(List<ProductInput> catalog, String currency) {
    return Database.inTransaction(vertx, pool, tx -> tx.query(LOCK_SEED).execute()
      .compose(lock -> tx.query(COUNT).execute())
      .compose(count -> count.iterator().next().getLong(0) > 0
        ? Future.succeededFuture(false)
        : insertAll(tx, catalog, currency).compose(v -> tx.query(MARK_SEEDED).execute()).map(true)));
  }

  private Future<Void> insertAll(SqlConnection tx, List<ProductInput> catalog, String currency) {
    StringBuilder sql = new StringBuilder(
      "INSERT INTO products (name, description, price, stock, currency, image_url) VALUES ");
    Tuple args = Tuple.tuple();
    for (int i = 0; i < catalog.size(); i++) {
      ProductInput p = catalog.get(i);
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
      args.addString(p.name()).addString(p.description()).addValue(p.price()).addInteger(p.stock()).addString(currency)
        .addString(p.imageUrl());
    }
    return tx.preparedQuery(sql.toString()).execute(args).mapEmpty();
  }

  /** The seed catalog; its pictures ship with the storefront under {@code frontend/images/products/}. */
  static List<ProductInput> demoCatalog() {
    return List.of(
      new ProductInput("Laptop", "A 14-inch laptop with 16 GB of memory and a full day of battery",
        new BigDecimal("75000.00"), 10, "/images/products/laptop.svg"),
      new ProductInput("Smartphone", "A 6.1-inch smartphone with a dual camera and 128 GB of storage",
        new BigDecimal("25000.00"), 25, "/images/products/smartphone.svg"),
      new ProductInput("Headphones", "Over-ear wireless headphones with active noise cancelling",
        new BigDecimal("5000.00"), 50, "/images/products/headphones.svg"),
      new ProductInput("Tablet", "A 10-inch tablet for reading, drawing and video calls",
        new BigDecimal("20000.00"), 15, "/images/products/tablet.svg"),
      new ProductInput("Smart Watch", "A water-resistant smart watch with heart-rate and sleep tracking",
        new BigDecimal("8000.00"), 30, "/images/products/smart-watch.svg"));
  }
}
