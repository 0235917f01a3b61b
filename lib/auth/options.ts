// next-auth configuration: web login + password, JWT session in an httpOnly
// cookie. The JWT only names the customer; lib/auth/viewer.ts re-loads the
// customer on every request, so blocking, archiving or a password change ends
// its sessions at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { writeAudit, loginResource } from "@/lib/audit/write-audit";
import { authenticate } from "./authenticate";
import { clientAddress } from "./client-address";
import { logger } from "@/lib/observability/logger";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { login: { type: "text" }, password: { type: "password" } },
      async authorize(credentials, req) {
        let result;
        try {
          result = await authenticate(db, {
            login: credentials?.login,
            password: credentials?.password,
            ip: clientAddress(req?.headers),
          });
        } catch (error) {
          // next-auth would send the message to the browser: log it, say only "failed".
          logger.error({ err: error, requestId: req?.headers?.["x-request-id"] }, "login failed unexpectedly");
          throw new Error("failed");
        }
        if (result.ok) {
          const { id, name, sessionVersion } = result.customer;
          return { id: String(id), name, sessionVersion };
        }
        if (result.reason === "invalid") return null; // next-auth reports "CredentialsSignin"
        throw new Error(result.reason); // the login form maps the code to a message
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sv = (user as { sessionVersion?: number }).sessionVersion;
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.sub, sv: token.sv } as typeof session.user;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      const id = Number(token?.sub);
      if (!Number.isSafeInteger(id)) return;
      const customer = await db.customer.findUnique({ where: { id }, select: { path: true, webLogin: true } });
      if (customer) {
        await writeAudit(db, { actor: { id, path: customer.path }, action: "logout", resource: loginResource(customer.webLogin) });
      }
    },
  },
};
