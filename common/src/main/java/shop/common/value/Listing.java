package shop.common.value;

import java.util.List;

/** One page of rows and how many rows there are in all. */
public record Listing<T>(List<T> items, long total) {
}
