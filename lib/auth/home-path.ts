// Where a signed-in principal starts, and where it is sent from a page that
// is not for its kind: a customer to its customers, an account to its
// self-care page. (Shared by the server and the login form.)
export function homePath(kind: "customer" | "account"): "/customers" | "/self-care" {
  return kind === "account" ? "/self-care" : "/customers";
}
