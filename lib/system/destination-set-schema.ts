// The destination set form, shared by the dialog, the server actions and the
// XML-RPC methods (addDestinationSet, updateDestinationSet).
import { z } from "zod";
import { currencyField } from "@/lib/forms/fields";
import { freeText, nameText } from "@/lib/forms/text";

export const destinationSetSchema = z.object({
  name: nameText(100),
  currency: currencyField(),
  description: freeText(500),
});

export type DestinationSetInput = z.input<typeof destinationSetSchema>;
export type DestinationSetValues = z.output<typeof destinationSetSchema>;
export const DESTINATION_SET_FIELDS = ["name", "currency", "description"] as const;
