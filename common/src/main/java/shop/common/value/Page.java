package shop.common.value;

/** Which page of a listing: {@code page} from 1, {@code perPage} rows each (at most {@link #MAX_PER_PAGE}). */
public record Page(int page, int perPage) {

  public static final int MAX_PER_PAGE = 100;

  public int offset() {
    return (page - 1) * perPage;
  }

  public int pages(long total) {
    return (int) ((total + perPage - 1) / perPage);
  }
}
