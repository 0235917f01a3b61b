import { NotFoundMessage } from "@/components/errors/not-found-message";

// An address no route matches: the root layout has no main region, so this page brings its own.
export default function NotFound() {
  return (
    <main id="main">
      <NotFoundMessage />
    </main>
  );
}
