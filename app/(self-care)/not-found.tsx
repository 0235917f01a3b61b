import { NotFoundMessage } from "@/components/errors/not-found-message";

// notFound() from a page of this group: shown inside the group's layout, whose main region holds it.
export default function NotFound() {
  return <NotFoundMessage />;
}
