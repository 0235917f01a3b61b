// next-auth configuration: web login (or an account's username) + password,
// JWT session in an httpOnly cookie. The JWT only names the principal (its
// kind and id) and its session (lib/auth/sessions.ts); lib/auth/viewer.ts
// re-loads the customer or account on every request, so logout, blocking,
// archiving or a password change ends sessions at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { authenticate } from "./authenticate";
import { clientAddress } from "./client-address";
import { logger } from "@/lib/observability/logger";
import { newSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { SESSION_COOKIE } from "./session-cookie";

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  cookies: { sessionToken: SESSION_COOKIE },
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
          const { kind, id, name, sessionVersion } = result.principal;
          return { id: String(id), name, kind, sessionVersion };
        }
        if (result.reason === "invalid") return null; // next-auth reports "CredentialsSignin"
        throw new Error(result.reason); // the login form maps the code to a message
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // At login only: later refreshes keep the session id and its end.
      if (user) {
        const { kind, sessionVersion } = user as { kind?: string; sessionVersion?: number };
        Object.assign(token, { kind, sv: sessionVersion }, newSession());
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.sub, kind: token.kind, sv: token.sv, sid: token.sid, until: token.until, imp: token.imp } as typeof session.user;
      return session;
    },
  },
  // Logout is handled in app/api/auth/[...nextauth]/route.ts: it must revoke
  // the session before the cookie is cleared, and next-auth's signOut event
  // cannot stop the clearing when the revocation fails.
};
