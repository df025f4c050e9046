package dev.hopscope.bench.workload;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The services of the synthetic shop the workload draws traces from: who calls whom, which
 * operations each serves and which database it uses. Shaped after the OpenTelemetry demo, so the
 * attribute cardinalities are those of a real small deployment.
 */
final class Topology {
  record Operation(String name, String method, String route) {}

  record Service(
      String name,
      String language,
      String scope,
      List<Operation> operations,
      List<String> callees,
      @Nullable String dbSystem,
      List<String> statements) {
    boolean hasDatabase() {
      return dbSystem != null;
    }
  }

  static final List<Service> SERVICES =
      List.of(
          new Service(
              "frontend",
              "nodejs",
              "@opentelemetry/instrumentation-http",
              List.of(
                  op("GET /", "GET", "/"),
                  op("GET /product/{id}", "GET", "/product/{id}"),
                  op("GET /cart", "GET", "/cart"),
                  op("POST /cart", "POST", "/cart"),
                  op("POST /checkout", "POST", "/checkout"),
                  op("GET /api/recommendations", "GET", "/api/recommendations")),
              List.of("auth", "catalog", "cart", "checkout", "recommendation", "ad", "currency"),
              null,
              List.of()),
          rpc("auth", "go", "AuthService", List.of("ValidateToken"), List.of(), "redis"),
          rpc(
              "catalog",
              "go",
              "ProductCatalogService",
              List.of("ListProducts", "GetProduct", "SearchProducts"),
              List.of(),
              "postgresql"),
          rpc(
              "cart",
              "dotnet",
              "CartService",
              List.of("GetCart", "AddItem", "EmptyCart"),
              List.of(),
              "redis"),
          rpc(
              "checkout",
              "go",
              "CheckoutService",
              List.of("PlaceOrder"),
              List.of("cart", "payment", "shipping", "email", "currency", "inventory"),
              null),
          rpc(
              "recommendation",
              "python",
              "RecommendationService",
              List.of("ListRecommendations"),
              List.of("catalog"),
              null),
          rpc("ad", "java", "AdService", List.of("GetAds"), List.of(), null),
          rpc(
              "currency",
              "cpp",
              "CurrencyService",
              List.of("Convert", "GetSupportedCurrencies"),
              List.of(),
              null),
          rpc("payment", "nodejs", "PaymentService", List.of("Charge"), List.of("fraud"), null),
          rpc(
              "fraud",
              "kotlin",
              "FraudDetectionService",
              List.of("Score"),
              List.of(),
              "postgresql"),
          rpc(
              "shipping",
              "rust",
              "ShippingService",
              List.of("GetQuote", "ShipOrder"),
              List.of(),
              "mysql"),
          rpc("email", "ruby", "EmailService", List.of("SendOrderConfirmation"), List.of(), null),
          rpc(
              "inventory",
              "java",
              "InventoryService",
              List.of("Reserve", "Release"),
              List.of(),
              "postgresql"));

  private Topology() {}

  static Service service(String name) {
    for (Service service : SERVICES) {
      if (service.name().equals(name)) {
        return service;
      }
    }
    throw new IllegalArgumentException("no service " + name + " in the workload topology");
  }

  private static Operation op(String name, String method, String route) {
    return new Operation(name, method, route);
  }

  private static Service rpc(
      String name,
      String language,
      String grpcService,
      List<String> methods,
      List<String> callees,
      @Nullable String dbSystem) {
    List<Operation> operations =
        methods.stream()
            .map(
                m ->
                    op(
                        "oteldemo." + grpcService + "/" + m,
                        "POST",
                        "/oteldemo." + grpcService + "/" + m))
            .toList();
    List<String> statements =
        dbSystem == null
            ? List.of()
            : switch (dbSystem) {
              case "redis" -> List.of("HGET", "HSET", "EXPIRE", "GET");
              case "mysql" -> List.of("SELECT quotes", "INSERT shipments", "UPDATE shipments");
              default ->
                  List.of("SELECT " + name + ".items", "UPDATE " + name + ".items", "INSERT audit");
            };
    return new Service(
        name,
        language,
        "io.opentelemetry." + language + ".grpc",
        operations,
        callees,
        dbSystem,
        statements);
  }
}
