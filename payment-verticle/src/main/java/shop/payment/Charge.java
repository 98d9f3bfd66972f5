package shop.payment;

/**
 * What the gateway answered to one charge: approved with a transaction id, or declined with an
 * error code; the card's brand and last four when a card paid.
 */
record Charge(boolean approved, String transactionId, String errorCode, String cardBrand, String cardLastFour) {
}
