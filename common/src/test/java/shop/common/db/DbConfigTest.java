package shop.common.db;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import shop.common.config.ConfigException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DbConfigTest {

  @Test
  void mysqlUri() {
    DbConfig c = DbConfig.from(new JsonObject().put("DATABASE_URI", "mysql://shop:s%40cret@db.local:3307/product_db"), "x");
    assertEquals("db.local", c.host());
    assertEquals(3307, c.port());
    assertEquals("shop", c.user());
    assertEquals("s@cret", c.password());
    assertEquals("product_db", c.database());
  }

  @Test
  void flaskEraPymysqlUriWithDefaultPort() {
    DbConfig c = DbConfig.from(new JsonObject().put("DATABASE_URI", "mysql+pymysql://root:pw@mysql/user_db?charset=utf8mb4"), "x");
    assertEquals("mysql", c.host());
    assertEquals(3306, c.port());
    assertEquals("root", c.user());
    assertEquals("pw", c.password());
    assertEquals("user_db", c.database());
  }

  @Test
  void separateKeysWithTheServiceDatabase() {
    DbConfig c = DbConfig.from(new JsonObject().put("DB_HOST", "h").put("DB_PORT", "3310").put("DB_USER", "u")
      .put("DB_PASSWORD", "p"), "order_db");
    assertEquals("h", c.host());
    assertEquals(3310, c.port());
    assertEquals("order_db", c.database());
    assertEquals("localhost", DbConfig.from(new JsonObject(), "order_db").host());
  }

  @Test
  void badUrisAreRefused() {
    assertThrows(ConfigException.class, () -> DbConfig.from(new JsonObject().put("DATABASE_URI", "postgres://h/db"), "x"));
    assertThrows(ConfigException.class, () -> DbConfig.from(new JsonObject().put("DATABASE_URI", "mysql://h"), "x"));
    assertThrows(ConfigException.class, () -> DbConfig.from(new JsonObject().put("DB_PORT", "abc"), "x"));
  }
}
